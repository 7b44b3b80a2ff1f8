import Foundation

/// Rectangles bucketed by a coarse grid, so that "does this label collide with anything" stays cheap on large models.
struct ObstacleGrid {
    private let cell: Double
    private var buckets: [Int64: [Int]] = [:]
    private var rects: [Rect] = []

    init(cell: Double = 96) { self.cell = cell }

    private func cells(_ rect: Rect) -> (columns: ClosedRange<Int64>, rows: ClosedRange<Int64>) {
        (Int64((rect.x / cell).rounded(.down))...Int64((rect.maxX / cell).rounded(.down)),
         Int64((rect.y / cell).rounded(.down))...Int64((rect.maxY / cell).rounded(.down)))
    }

    private func key(_ column: Int64, _ row: Int64) -> Int64 { row << 32 ^ (column & 0xFFFF_FFFF) }

    mutating func insert(_ rect: Rect) {
        rects.append(rect)
        let (columns, rows) = cells(rect)
        for row in rows { for column in columns { buckets[key(column, row), default: []].append(rects.count - 1) } }
    }

    func collides(_ rect: Rect) -> Bool {
        let (columns, rows) = cells(rect)
        for row in rows {
            for column in columns {
                guard let bucket = buckets[key(column, row)] else { continue }
                for index in bucket where rects[index].intersects(rect) { return true }
            }
        }
        return false
    }
}
