/* hex2bin IN.hex OUT.wasm: annotated hex to bytes. `#` or `;` starts a comment to the end of
 * the line; whitespace is ignored; pairs of hex digits are bytes (a pair may not be split by
 * whitespace or a comment). Anything else is an error with its line number (exit 1). */
#include <ctype.h>
#include <stdio.h>

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : isxdigit(c) ? tolower(c) - 'a' + 10 : -1;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: hex2bin IN.hex OUT.wasm\n");
		return 1;
	}
	FILE *in = fopen(argv[1], "r"), *out = in ? fopen(argv[2], "wb") : NULL;
	if (!in || !out) {
		perror(in ? argv[2] : argv[1]);
		return 1;
	}
	int c, hi = -1, line = 1;
	while ((c = getc(in)) != EOF) {
		if (c == '#' || c == ';') {
			while (c != '\n' && c != EOF)
				c = getc(in);
		}
		if (hi >= 0 && hexval(c) < 0) {
			fprintf(stderr, "%s:%d: odd number of hex digits\n", argv[1], line);
			return 1;
		}
		if (c == '\n' || c == EOF) {
			line++;
		} else if (hexval(c) >= 0) {
			if (hi < 0) {
				hi = hexval(c);
			} else {
				putc(hi << 4 | hexval(c), out);
				hi = -1;
			}
		} else if (!isspace(c)) {
			fprintf(stderr, "%s:%d: unexpected character '%c'\n", argv[1], line, c);
			return 1;
		}
	}
	if (hi >= 0) {
		fprintf(stderr, "%s:%d: odd number of hex digits\n", argv[1], line);
		return 1;
	}
	if (ferror(in) || fclose(out) != 0) {
		perror(argv[2]);
		return 1;
	}
	fclose(in);
	return 0;
}
