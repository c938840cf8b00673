// Tests import core modules directly; like every Node entry point, they provide mathjs
// (loaded on first use) before anything asks for it.
import '../src/io/mathjs.js';
