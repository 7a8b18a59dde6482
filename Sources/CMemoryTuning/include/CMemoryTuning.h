#ifndef RHYTHMSTRIP_CMEMORYTUNING_H
#define RHYTHMSTRIP_CMEMORYTUNING_H

/// Keeps freed blocks of up to `largestBlock` bytes in the heap and the heap
/// untrimmed below `trimThreshold` bytes (glibc `mallopt`); does nothing
/// where glibc is not the allocator. For batch tools that read many records
/// of similar size: without it every record's arrays take fresh pages.
void rhythmstrip_keep_freed_memory(int largestBlock, int trimThreshold);

#endif
