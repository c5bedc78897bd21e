// A middleware factory, called at load by the importing module, each closure with its own schema.
export function validateRequest(schema) {
  const label = schema.name;
  return (req, res, next) => {
    if (typeof req.body[schema.field] !== 'string') return res.status(400).send(`${label}: missing ${schema.field}`);
    next();
  };
}
