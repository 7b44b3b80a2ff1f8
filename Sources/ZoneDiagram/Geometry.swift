import Foundation

/// A point in diagram units (1 unit is one CSS pixel at 100 % zoom).
public struct Point: Hashable, Sendable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    static func + (lhs: Point, rhs: Point) -> Point { Point(x: lhs.x + rhs.x, y: lhs.y + rhs.y) }
    static func - (lhs: Point, rhs: Point) -> Point { Point(x: lhs.x - rhs.x, y: lhs.y - rhs.y) }
    static func * (lhs: Point, factor: Double) -> Point { Point(x: lhs.x * factor, y: lhs.y * factor) }

    var length: Double { (x * x + y * y).squareRoot() }
    var unit: Point { length == 0 ? Point(x: 0, y: 1) : self * (1 / length) }
    /// The vector turned a quarter to the left.
    var perpendicular: Point { Point(x: -y, y: x) }
}

/// An axis-aligned rectangle.
public struct Rect: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var center: Point { Point(x: x + width / 2, y: y + height / 2) }

    /// True when the interiors share area; rectangles that only touch do not intersect.
    public func intersects(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    public func contains(_ other: Rect) -> Bool {
        other.x >= x && other.maxX <= maxX && other.y >= y && other.maxY <= maxY
    }

    public func contains(_ point: Point) -> Bool { point.x >= x && point.x <= maxX && point.y >= y && point.y <= maxY }

    /// Whether `point` lies on the border, within `tolerance`.
    public func touchesBorder(_ point: Point, tolerance: Double = 0.5) -> Bool {
        let inside = point.x >= x - tolerance && point.x <= maxX + tolerance && point.y >= y - tolerance && point.y <= maxY + tolerance
        let nearEdge = abs(point.x - x) <= tolerance || abs(point.x - maxX) <= tolerance || abs(point.y - y) <= tolerance
            || abs(point.y - maxY) <= tolerance
        return inside && nearEdge
    }

    public func insetBy(_ amount: Double) -> Rect {
        Rect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
    }

    /// Where the ray from `origin` (inside) along `direction` leaves the rectangle.
    func exit(from origin: Point, along direction: Point) -> Point {
        var distance = Double.infinity
        if direction.x > 0 { distance = min(distance, (maxX - origin.x) / direction.x) }
        if direction.x < 0 { distance = min(distance, (x - origin.x) / direction.x) }
        if direction.y > 0 { distance = min(distance, (maxY - origin.y) / direction.y) }
        if direction.y < 0 { distance = min(distance, (y - origin.y) / direction.y) }
        return distance.isFinite ? origin + direction * distance : origin
    }
}

/// One line of text placed in the diagram; `anchor` is the start of the baseline.
public struct TextLine: Hashable, Sendable {
    public enum Style: String, Sendable {
        case title, bandLevel, bandName, zoneID, zoneName, zoneDetail, badge, labelHeading, label, legend
    }

    public var text: String
    public var anchor: Point
    public var style: Style

    /// The box the text occupies, estimated from ``TextMetrics``.
    public var frame: Rect {
        let size = TextMetrics.fontSize(style)
        return Rect(x: anchor.x, y: anchor.y - size * 0.8, width: TextMetrics.width(text, size: size), height: size)
    }
}
