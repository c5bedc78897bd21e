export const getPrice = (request, response) => response.send(`price ${request.id}: 12`);
export function getStock(request, response) {
  response.send(`stock ${request.id}: 0 (sold out)`);
}
