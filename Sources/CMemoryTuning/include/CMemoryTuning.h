#ifndef RHYTHMSTRIP_CMEMORYTUNING_H
#define RHYTHMSTRIP_CMEMORYTUNING_H

/// Keeps freed blocks of up to `largestBlock` bytes in the heap and the heap
/// untrimmed below `trimThreshold` bytes (glibc `mallopt`); does nothing
/// where glibc is not the allocator. For batch tools that read many records
/// of similar size: without it every record's arrays take fresh pages.
void rhythmstrip_keep_freed_memory(int largestBlock, int trimThreshold);

/// The settings of the commands that read a whole database record after
/// record (and of their benchmark): blocks up to 32 MB, glibc's largest mmap
/// threshold, stay in the heap (a two-lead 30-minute record needs 2.6 MB per
/// array), and the heap is not trimmed below 256 MB.
void rhythmstrip_keep_freed_record_memory(void);

#endif
