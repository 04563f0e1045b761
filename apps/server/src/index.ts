export { startStack, type RunningStack } from './stack.js';
