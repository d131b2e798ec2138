#include <stdio.h>

int gen_value(void);
extern const char *const gen_seen[];

int main(void)
{
	printf("value=%d\n", gen_value());
	for (int i = 0; gen_seen[i]; i++)
		printf("%s\n", gen_seen[i]);
	return 0;
}
