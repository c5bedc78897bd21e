// examples/react-game through both Vite recipes of the README (plugin-react-swc + the SWC plugin;
// plugin-react 6 + @rolldown/plugin-babel + the Babel plugin), each with and without the plugin.
import { describeReactTable } from './edit-table';
import { reactGame } from './react-game';

describeReactTable({ ...reactGame, recipes: ['swc', 'babel'] });
