// Redux-style middleware: the store's chain keeps the innermost closure, made when the store was created.
export const logger = (api) => (next) => {
  const label = api.name;
  const hint = "!";
  return (action) => {
    const result = next(action);
    api.log.push(`${label} ${action.type}${hint}`);
    return result;
  };
};
