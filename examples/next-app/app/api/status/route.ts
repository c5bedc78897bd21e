// The announcement the status page fetches: a route handler, run by the dev server.
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json({ message: 'All systems go' });
}
