export const Logger = class Log {
  line(message) {
    return `[v1] ${message}`;
  }
  static create() {
    return new Log();
  }
};
