import Foundation

/// Rectangles bucketed by a coarse grid, so that "does this label collide with anything" stays cheap on large models.
struct ObstacleGrid {
    private let cell: Double
    private var buckets: [Int64: [Int]] = [:]
    private var rects: [Rect] = []

    init(cell: Double = 96) { self.cell = cell }

    private func keys(_ rect: Rect) -> [Int64] {
        let columns = Int64((rect.x / cell).rounded(.down))...Int64((rect.maxX / cell).rounded(.down))
        let rows = Int64((rect.y / cell).rounded(.down))...Int64((rect.maxY / cell).rounded(.down))
        return rows.flatMap { row in columns.map { row << 32 ^ ($0 & 0xFFFF_FFFF) } }
    }

    mutating func insert(_ rect: Rect) {
        rects.append(rect)
        for key in keys(rect) { buckets[key, default: []].append(rects.count - 1) }
    }

    func collides(_ rect: Rect) -> Bool {
        keys(rect).contains { key in buckets[key]?.contains { rects[$0].intersects(rect) } ?? false }
    }
}
