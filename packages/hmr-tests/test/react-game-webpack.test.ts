// examples/react-game through the README's webpack recipes (webpack 5 + webpack-dev-server +
// @pmmmwh/react-refresh-webpack-plugin; babel-loader with react-refresh/babel and the Babel plugin, and
// swc-loader with SWC's Fast Refresh and the SWC plugin), each with and without the plugin: the same
// fifteen edits as the Vite recipes' table (react-game.test.ts).
import { describeReactTable } from './edit-table';
import { reactGame } from './react-game';

describeReactTable({ ...reactGame, recipes: ['webpack-babel', 'webpack-swc'] });
