export function validateRequest(schema) {
  const label = schema.name;
  return (req, res, next) => {
    if (!schema.safeParse(req.body).success) return res.status(400).send(label);
    next();
  };
}
export const createSlice = (set, get) => ({
  score: 0,
  addPoints: (points) => set({ score: get().score + points }),
  reset() {
    set({ score: 0 });
  },
});
export function createRouter(controller) {
  const router = Router();
  router.get('/users', (req, res) => controller.list(req, res));
  router.post('/users', function create(req, res) {
    return controller.create(req, res);
  });
  const doubled = [1, 2].map((n) => n * 2);
  items.forEach(function (item) {
    console.log(item);
  });
  const result = (() => 42)();
  new Promise((resolve) => resolve());
  for (const name of ['a', 'b']) router.get(`/${name}`, () => name);
  switch (doubled.length) {
    case 2:
      router.get('/two', () => 2);
  }
  return router;
}
export function outer(a) {
  function inner(b) {
    return () => a + b;
  }
  return inner;
}
export function Component({ title }) {
  const onClick = () => console.log(title);
  return onClick;
}
export function useCounter(initial) {
  const increment = () => initial + 1;
  return increment;
}
export function withDefault(callback = () => 1) {
  return callback;
}
