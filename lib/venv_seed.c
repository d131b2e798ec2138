/*
 * venv_seed: where a new environment comes from: --template, the local
 * template cache, the remote one, or nothing (built); and storing what was
 * built.
 */
#include "venv_int.h"

#include "inputs.h"
#include "interrupt.h"
#include "msg.h"
#include "remote.h"
#include "strbuf.h"

/* Something is installed (pip at least): then seeding beats writing. */
static int installs(const struct venv_opts *o)
{
	return o->with_pip || o->requirements.n || o->packages.n || o->upgrade_deps;
}

/*
 * Seeds from a cache hit: 0 done, -1 failed for a reason of this run (a
 * link mode asked for that cannot work here), 1 the entry cannot be used
 * (warned): build anew.
 */
static int seed_from_cache(struct build *b, struct tcache_entry *e, enum state state)
{
	const struct venv_opts *o = b->opts;

	verbose("seeding from the cached template '%s'", e->archive);
	for (int attempt = 0; attempt < 2; attempt++) {
		int r;

		/* A damaged entry is no error of this run: -v says what it was. */
		if (msg_verbosity() < MSG_VERBOSE)
			msg_mute();
		r = tcache_ensure_tree(e) || template_read_meta(e->archive, &b->meta) ? -1 : 0;
		if (msg_verbosity() < MSG_VERBOSE)
			msg_unmute();
		if (r) {
			warning("the cached template '%s' could not be used: discarding it and building anew",
				e->archive);
			tcache_discard(e);
			return 1;
		}
		b->seed_entry = e;
		b->tree_changed = 0;
		r = build_staged(b, state);
		b->seed_entry = NULL;
		if (!r) {
			tcache_touch(e);
			return 0;
		}
		template_meta_release(&b->meta);
		if (b->tree_changed) {
			tcache_drop_tree(e);
			continue; /* warned: unpacked again from the archive */
		}
		/* A link mode asked for that cannot work here is this run's
		 * error, not the entry's. */
		if (o->link_mode != LINK_AUTO || interrupt_pending())
			return -1;
		/* The archive was verified: what failed was the tree, or the
		 * destination (full, say). Only the tree goes. */
		warning("could not seed from the cached template '%s': building anew", e->archive);
		tcache_drop_tree(e);
		return 1;
	}
	return 1;
}

/*
 * Seeds from a template just downloaded from the remote cache (e, present):
 * straight from its archive, as --template does but without pip, so that a
 * remote hit costs one extraction; its tree is made on the next local hit.
 * 0 done, -1 interrupted, 1 the template cannot be used (warned, removed
 * from the local cache): build anew.
 */
static int seed_from_download(struct build *b, struct tcache_entry *e, enum state state)
{
	int r;

	verbose("seeding from the downloaded template '%s'", e->archive);
	b->seed_archive = e->archive;
	b->seed_pip = 0;
	/* Whatever is wrong with it is the remote cache's: -v says what. */
	if (msg_verbosity() < MSG_VERBOSE)
		msg_mute();
	r = build_staged(b, state);
	if (msg_verbosity() < MSG_VERBOSE)
		msg_unmute();
	b->seed_archive = NULL;
	if (!r) {
		tcache_touch(e);
		return 0;
	}
	if (interrupt_pending())
		return -1;
	warning("the downloaded template '%s' could not be used: discarding it and building anew", e->archive);
	tcache_discard(e);
	return 1;
}

/* Stores a new environment's template; a failure costs only time. */
static void store_in_cache(struct build *b, struct tcache_entry *e)
{
	msg_mute();
	if (tcache_store(e, b->final, b->py)) {
		msg_unmute();
		warning("the environment could not be stored in the cache (it is complete)");
		hint("`pyvenv pack` on it says why");
	} else {
		msg_unmute();
		verbose("stored its template in '%s'", e->archive);
	}
}

/*
 * A new environment: from --template, or from the template cache (a hit
 * seeds it; a miss builds it and stores its template, under a lock per key
 * so that concurrent misses build once), or built from scratch.
 */
int venv_create_new(struct build *b, enum state state)
{
	const struct venv_opts *o = b->opts;
	struct inputs_report report = INPUTS_REPORT_INIT;
	struct tcache_entry e;
	char key[INPUTS_HEX_LEN];
	int ret;

	if (o->template_archive) {
		b->seed_archive = o->template_archive;
		b->seed_pip = 1;
		return build_staged(b, state);
	}
	/* Without anything installed, writing the environment is quicker than
	 * seeding it. */
	if (!o->cache_dir || !installs(o))
		return build_staged(b, state);
	ret = inputs_digest(b->final, b->py, o, INPUTS_CACHE_KEY, key, &report);
	if (!ret && report.why_uncacheable.len)
		verbose("not using the template cache: %s", report.why_uncacheable.buf);
	ret = ret ? -1 : report.why_uncacheable.len ? 1 : 0;
	inputs_report_release(&report);
	if (ret)
		return ret < 0 ? -1 : build_staged(b, state);
	if (tcache_open(o->cache_dir, key, &e)) {
		tcache_close(&e);
		return build_staged(b, state);
	}
	/* Local, then remote, then built. */
	if (!e.present && o->remote && remote_fetch(o->remote, &e, key, b->py))
		ret = seed_from_download(b, &e, state);
	else
		ret = e.present ? seed_from_cache(b, &e, state) : 1;
	if (ret > 0) {
		ret = build_staged(b, state);
		/* The directory holds other files, which are no template's. */
		if (!ret && state == ENV_FILL)
			verbose("not storing a template: '%s' holds other files", b->final);
		else if (!ret)
			store_in_cache(b, &e);
		if (!ret && e.present && o->remote && o->remote->write)
			remote_store(o->remote, &e, key, b->py);
	}
	tcache_close(&e);
	return ret;
}

