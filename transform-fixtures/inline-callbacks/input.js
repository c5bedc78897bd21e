import express from 'express';
import { asyncHandler } from './util';

const app = express();
const router = express.Router();
app.get('/users/:id', async (req, res) => {
  res.json({ id: req.params.id });
});
app.get('/users/:id', (req, res, next) => next());
router.route('/orders').get(function listOrders(req, res) {
  res.json([]);
}).post(asyncHandler(async (req, res) => res.status(201).end()));
setInterval(() => tick(), 1000);
process.on('SIGTERM', () => process.exit(0));
export const getUser = asyncHandler(async (req, res) => res.json(await find(req.params.id)));
export const middleware = [(req, res, next) => next(), function log(req, res, next) { next(); }];
exports.handler = async (event) => ({ statusCode: 200 });
Foo.prototype.bar = function () { return this.x; };
let assigned;
assigned = () => 1;
const keyed = { [(() => 'k')()]: 1 };
app.listen(3000, () => console.log('listening'));
