#include "CMemoryTuning.h"

// <stdlib.h> pulls in <features.h>, which defines __GLIBC__: without a libc
// header first, the test below is false and the function does nothing.
#include <stdlib.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void rhythmstrip_keep_freed_memory(int largestBlock, int trimThreshold) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, largestBlock);
    mallopt(M_TRIM_THRESHOLD, trimThreshold);
#else
    (void)largestBlock;
    (void)trimThreshold;
#endif
}

void rhythmstrip_keep_freed_record_memory(void) {
    rhythmstrip_keep_freed_memory(32 << 20, 256 << 20);
}
