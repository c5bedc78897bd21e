import { createApp } from './app.mjs';

let served = 0;
export const app = createApp();
app.get('/users/:id', (req, res) => {
  served++;
  res.send(`User #${req.params.id}, request ${served}`);
});
app.get('/health', function health(req, res) {
  res.send('healthy');
});
