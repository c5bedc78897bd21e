export class UserController {
  static created = 0;
  constructor(service) {
    this.service = service;
    UserController.created++;
  }
  getUser = async (req, res) => {
    const user = await this.service.find(req.params.id);
    res.json({ ...user, via: this.label });
  };
  onClick = () => (this.service.clicks += 10);
  static describe = () => `${this.created} controller(s)`;
  label = 'users';
}
