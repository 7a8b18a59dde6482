#include "CMemoryTuning.h"

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
