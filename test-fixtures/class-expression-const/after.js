export const Logger = class Log {
  line(message) {
    return `[v2] ${message}`;
  }
  static create() {
    return new Log();
  }
};
