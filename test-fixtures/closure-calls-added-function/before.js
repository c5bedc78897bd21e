// A repository made once by a plugin at start-up: its methods are closures over the rows.
export function createRepository(rows) {
  return {
    paginate(limit) {
      return rows.slice(0, limit).map((row) => row.title);
    },
  };
}
