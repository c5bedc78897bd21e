// The server's in-memory state: visitor sessions and a visit counter. A restart (nodemon,
// `node --watch`) loses all of it; a patch keeps it. Editing this file's functions keeps it as
// is (their bodies are swapped, the module does not run again); a change outside function bodies
// runs the module again, and `hot(import.meta).data` carries the state over to the new version.
import { randomUUID } from 'node:crypto';
import { hot } from '@mighty-patcher/runtime/node';

export interface Session {
  id: string;
  visits: number;
  createdAt: string;
}

interface State {
  sessions: Map<string, Session>;
  visits: number;
}

const hotModule = hot(import.meta);
const state: State = (hotModule.data.state as State | undefined) ?? { sessions: new Map(), visits: 0 };
hotModule.dispose((data) => {
  data.state = state;
});

/** The session named by `id`, or a new one when there is none. */
export function openSession(id: string | undefined): Session {
  let session = id === undefined ? undefined : state.sessions.get(id);
  if (!session) {
    session = { id: randomUUID(), visits: 0, createdAt: new Date().toISOString() };
    state.sessions.set(session.id, session);
  }
  return session;
}

/** Counts a visit of `session`; returns the total number of visits of every session. */
export function recordVisit(session: Session): number {
  session.visits += 1;
  state.visits += 1;
  return state.visits;
}

export function stats(): { sessions: number; visits: number } {
  return { sessions: state.sessions.size, visits: state.visits };
}
