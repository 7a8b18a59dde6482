import Foundation

/// Painted paper, kept per page geometry so each strip only copies it and draws its trace.
///
/// Guarded by an `NSLock` rather than `Synchronization.Mutex`, which needs macOS 15.
final class PaperCache: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [PageGeometry: IndexedCanvas] = [:]
    /// Geometries kept at most; a class set uses one or two.
    private let capacity = 16

    func paper(for geometry: PageGeometry) -> IndexedCanvas {
        if let canvas = lock.withLock({ storage[geometry] }) { return canvas }
        let canvas = PaperPainter.paint(geometry)
        lock.withLock {
            if storage.count >= capacity { storage.removeAll() }
            storage[geometry] = canvas
        }
        return canvas
    }
}
