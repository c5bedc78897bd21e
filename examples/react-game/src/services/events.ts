type Handler = (payload: number) => void;

// A small event bus, as apps write them: it keeps the handlers it is given.
function createBus() {
  const handlers = new Map<string, Set<Handler>>();
  return {
    on(event: string, handler: Handler) {
      if (!handlers.has(event)) handlers.set(event, new Set());
      handlers.get(event)!.add(handler);
      return () => handlers.get(event)!.delete(handler);
    },
    emit(event: string, payload: number) {
      handlers.get(event)?.forEach((handler) => handler(payload));
    },
  };
}

export const bus = createBus();
