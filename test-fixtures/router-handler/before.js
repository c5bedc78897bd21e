export const getPrice = (request, response) => response.send(`price ${request.id}: 10`);
export function getStock(request, response) {
  response.send(`stock ${request.id}: 3`);
}
