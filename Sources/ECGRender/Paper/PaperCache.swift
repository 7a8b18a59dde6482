import Synchronization

/// Painted paper, kept per page geometry so each strip only copies it and draws its trace.
final class PaperCache: Sendable {
    private let storage = Mutex<[PageGeometry: IndexedCanvas]>([:])
    /// Geometries kept at most; a class set uses one or two.
    private let capacity = 16

    func paper(for geometry: PageGeometry) -> IndexedCanvas {
        if let canvas = storage.withLock({ $0[geometry] }) { return canvas }
        let canvas = PaperPainter.paint(geometry)
        storage.withLock { cache in
            if cache.count >= capacity { cache.removeAll() }
            cache[geometry] = canvas
        }
        return canvas
    }
}
