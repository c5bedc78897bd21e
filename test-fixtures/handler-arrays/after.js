const audit = [];
export const middleware = [
  (req, next) => {
    audit.push(`auth:${req.user}`);
    return next();
  },
  function log(req, next) {
    audit.push('log v2');
    return next();
  },
];
export const trail = () => audit.join(', ');
