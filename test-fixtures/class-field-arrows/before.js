export class UserController {
  static created = 0;
  constructor(service) {
    this.service = service;
    UserController.created++;
  }
  getUser = async (req, res) => {
    res.json(await this.service.find(req.params.id));
  };
  onClick = () => this.service.clicks++;
  static describe = () => `controllers: ${this.created}`;
  label = 'users';
}
