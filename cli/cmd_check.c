/*
 * cmd_check: `pyvenv check`, is an environment healthy, and if not, why.
 *
 * Every check runs and every problem is reported, so one run says all that
 * is wrong. Nothing is changed.
 */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static const char usage_text[] =
	"usage: pyvenv check [OPTIONS] ENV_DIR\n"
	"\n"
	"Check that ENV_DIR is a healthy virtual environment, and say why not:\n"
	"  - pyvenv.cfg is there and names a base interpreter that still exists\n"
	"    and still has the version the environment was made for (a new patch\n"
	"    release is a warning: `pyvenv create --upgrade` takes it in);\n"
	"  - bin/python runs, and its sys.prefix is the environment and its\n"
	"    site-packages is on sys.path;\n"
	"  - no link in bin/ dangles, every script in bin/ runs an interpreter that\n"
	"    exists and is not another environment's (a moved or copied\n"
	"    environment fails here), and bin/activate names this environment;\n"
	"  - every file an installed package's RECORD lists with a hash is there,\n"
	"    with that size and hash.\n"
	"Nothing is changed. Problems go to stderr, one per line.\n"
	"\n"
	"  --cache-dir DIR    cache of interpreter probes (see pyvenv create --help)\n"
	"  --no-cache         neither read nor write the cache\n"
	"  -q, --quiet        print nothing when the environment is healthy\n"
	"  -h, --help         show this help\n"
	"\n"
	"Exit status: 0 healthy (warnings allowed), 1 not healthy, 2 usage error.\n";

static const struct option options[] = {
	{ "cache-dir", required_argument, NULL, 'c' },
	{ "no-cache", no_argument, NULL, 'n' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_check(int argc, char **argv)
{
	const char *cache_given = NULL;
	int no_cache = 0, quiet = 0, opt, rc;
	struct pyvenv_check_report *r;
	char *cache = NULL;
	pyvenv_ctx *ctx;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":qh", options, NULL)) != -1) {
		switch (opt) {
		case 'c': cache_given = optarg; break;
		case 'n': no_cache = 1; break;
		case 'q': quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		case ':': return cmd_usage_error("check", "option '%s' needs a value", argv[optind - 1]);
		default: return cmd_bad_option("check", argv[optind - 1]);
		}
	}
	if (optind == argc)
		return cmd_usage_error("check", "expected ENV_DIR");
	if (optind + 1 < argc)
		return cmd_usage_error("check", "unexpected argument '%s'", argv[optind + 1]);
	if (!no_cache)
		cache = pyvenv_cache_dir(cache_given);
	ctx = cmd_context("check", PYVENV_NORMAL);
	if (pyvenv_check(ctx, argv[optind], cache, &r)) {
		rc = cmd_failed(ctx);
	} else {
		for (size_t i = 0; i < r->n_findings; i++) {
			if (r->findings[i].level == PYVENV_LEVEL_ERROR)
				cmd_error("'%s': %s", r->env_dir, r->findings[i].text);
			else
				cmd_warning("%s", r->findings[i].text);
		}
		if (r->healthy && !quiet)
			printf("%s: healthy (Python %s, %zu installed package%s)\n", r->env_dir, r->version,
			       r->n_packages, r->n_packages == 1 ? "" : "s");
		if (!r->healthy)
			cmd_hint("make it anew: pyvenv create --clear %s", argv[optind]);
		rc = r->healthy ? EXIT_OK : EXIT_FAILURE_;
		pyvenv_check_report_free(r);
	}
	pyvenv_ctx_free(ctx);
	free(cache);
	return rc;
}
