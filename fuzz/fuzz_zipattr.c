/*
 * fuzz_zipattr: a zip's central directory as zipattrs_read() reads it
 * (through a memfd holding the input).
 *
 * Checks zipattr.h's contract: a refused input gives -1, a reason, and no
 * entries; an accepted one gives entries sorted by name, none holding a
 * NUL (so each is a whole name of the input), each found again by
 * zipattrs_find(), never more than the input could describe (a header is
 * 46 bytes at least).
 */
#include "fuzz.h"

#include "strbuf.h"
#include "zipattr.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const int fd = memfd_create("fuzz.zip", MFD_CLOEXEC);
	struct zipattrs z = ZIPATTRS_INIT;
	struct strbuf why = STRBUF_INIT;
	int rc;

	FUZZ_CHECK(fd >= 0);
	FUZZ_CHECK(write(fd, data, size) == (ssize_t)size);
	rc = zipattrs_read(fd, &z, &why);
	close(fd);
	if (rc) {
		FUZZ_CHECK(rc == -1);
		FUZZ_CHECK(why.len > 0);
		FUZZ_CHECK(!z.n && !z.v);
	} else {
		FUZZ_CHECK(z.n <= size / 46);
		for (size_t i = 0; i < z.n; i++) {
			const struct zipattr *found = zipattrs_find(&z, z.v[i].name);

			FUZZ_CHECK(found && !strcmp(found->name, z.v[i].name));
			FUZZ_CHECK(!i || strcmp(z.v[i - 1].name, z.v[i].name) <= 0);
			(void)zipattr_executable(z.v[i].attr);
		}
	}
	zipattrs_release(&z);
	strbuf_release(&why);
	return 0;
}
