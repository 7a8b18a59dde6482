import CMemoryTuning

/// Memory settings for the commands that read a whole database, record after record.
enum RecordMemory {
    /// Lets glibc reuse the memory of one record's arrays for the next.
    ///
    /// By default glibc returns freed blocks of a few megabytes to the kernel
    /// (`munmap`, or trimming the heap top), and the next record's arrays
    /// take a page fault per 4 KB page again: measured here, page faults were
    /// a fifth of the time of `detect` over a database. The sizes are in
    /// `rhythmstrip_keep_freed_record_memory` (CMemoryTuning), which the
    /// Detection benchmark calls too.
    static func keepFreedMemoryMapped() {
        rhythmstrip_keep_freed_record_memory()
    }
}
