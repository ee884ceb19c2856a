/* Prints the RULES section of man/wasm-p1check.1 from the rule tables (rules.def,
 * rules_doc.def): `make man` splices it in, make check compares it with the page. */
#include <stdio.h>

#include "report/report.h"

int main(void)
{
	return p1c_report_rules_roff(stdout) == 0 && fflush(stdout) == 0 ? 0 : 1;
}
