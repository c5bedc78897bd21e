export class Shape {
  describe() {
    return 'shape v2';
  }
}
export class Circle extends Shape {
  describe() {
    return `circle, ${super.describe()}`;
  }
  area() {
    return 3.14;
  }
}
