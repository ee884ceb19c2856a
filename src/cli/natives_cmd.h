/* `wasm-p1check natives`: a profile fragment from the embedder's C sources. */
#ifndef P1C_NATIVES_CMD_H
#define P1C_NATIVES_CMD_H

/* argv[0] is "natives". Returns the exit status: 0 every table attributed, 1 something the
 * scanner could not attribute (still written, and listed on stderr), 2 usage or I/O error. */
int p1c_natives_main(int argc, char **argv);

#endif
