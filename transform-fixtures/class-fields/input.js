export class UserController {
  static created = 0;
  service = null;
  getUser = async (req, res) => {
    res.json(await this.service.find(req.params.id));
  };
  onClick = () => this.clicks++;
  handler = function (event) {
    return event.type;
  };
  static describe = () => `${this.created} controllers`;
  #secret = () => 1;
  debounced = debounce(() => this.save(), 100);
  ['computed'] = () => 2;
}
export default class {
  field = (x) => x;
}
const Logger = class Log {
  line = (text) => `${this.prefix} ${text}`;
};
