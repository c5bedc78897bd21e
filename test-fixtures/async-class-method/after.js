export class Repository {
  constructor() {
    this.rows = new Map([[1, 'one']]);
  }
  async find(id) {
    return this.rows.get(id) ?? `no row ${id}`;
  }
}
