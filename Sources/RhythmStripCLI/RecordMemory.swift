import CMemoryTuning

/// Memory settings for the commands that read a whole database, record after record.
enum RecordMemory {
    /// Lets glibc reuse the memory of one record's arrays for the next.
    ///
    /// By default glibc returns freed blocks of a few megabytes to the kernel
    /// (`munmap`, or trimming the heap top), and the next record's arrays
    /// take a page fault per 4 KB page again: measured here, page faults were
    /// a fifth of the time of `detect` over a database. Blocks up to 32 MB
    /// (glibc's largest mmap threshold; a two-lead 30-minute record needs
    /// 2.6 MB per array) now stay in the heap, and the heap is not trimmed.
    static func keepFreedMemoryMapped() {
        rhythmstrip_keep_freed_memory(32 << 20, 256 << 20)
    }
}
