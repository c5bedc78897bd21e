export class Shape {
  describe() {
    return 'shape v1';
  }
}
export class Circle extends Shape {
  describe() {
    return `circle, ${super.describe()}`;
  }
  area() {
    return 3;
  }
}
