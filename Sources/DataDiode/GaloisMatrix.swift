/// A dense matrix over GF(2^8), row-major.
package struct GaloisMatrix: Equatable, Sendable {
    package let rows: Int
    package let columns: Int
    package var elements: [UInt8]

    package init(rows: Int, columns: Int, elements: [UInt8]? = nil) {
        self.rows = rows
        self.columns = columns
        self.elements = elements ?? [UInt8](repeating: 0, count: rows * columns)
        precondition(self.elements.count == rows * columns, "matrix element count does not match its shape")
    }

    package static func identity(_ size: Int) -> GaloisMatrix {
        var matrix = GaloisMatrix(rows: size, columns: size)
        for i in 0..<size { matrix[i, i] = 1 }
        return matrix
    }

    package subscript(row: Int, column: Int) -> UInt8 {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    package func selectingRows(_ indices: [Int]) -> GaloisMatrix {
        var result = GaloisMatrix(rows: indices.count, columns: columns)
        for (target, source) in indices.enumerated() {
            for column in 0..<columns { result[target, column] = self[source, column] }
        }
        return result
    }

    package func multiplied(by other: GaloisMatrix) -> GaloisMatrix {
        precondition(columns == other.rows, "matrix shapes do not chain")
        var result = GaloisMatrix(rows: rows, columns: other.columns)
        for row in 0..<rows {
            for inner in 0..<columns where self[row, inner] != 0 {
                let factor = self[row, inner]
                for column in 0..<other.columns {
                    result[row, column] ^= GaloisField.multiply(factor, other[inner, column])
                }
            }
        }
        return result
    }

    /// Gauss–Jordan inversion; nil when the matrix is singular.
    package func inverted() -> GaloisMatrix? {
        precondition(rows == columns, "only square matrices have inverses")
        var work = self
        var inverse = GaloisMatrix.identity(rows)
        for pivotColumn in 0..<rows {
            guard let pivotRow = (pivotColumn..<rows).first(where: { work[$0, pivotColumn] != 0 }) else { return nil }
            if pivotRow != pivotColumn {
                work.swapRows(pivotRow, pivotColumn)
                inverse.swapRows(pivotRow, pivotColumn)
            }
            let scale = GaloisField.inverse(work[pivotColumn, pivotColumn])
            work.scaleRow(pivotColumn, by: scale)
            inverse.scaleRow(pivotColumn, by: scale)
            for row in 0..<rows where row != pivotColumn && work[row, pivotColumn] != 0 {
                let factor = work[row, pivotColumn]
                work.addScaledRow(pivotColumn, factor: factor, into: row)
                inverse.addScaledRow(pivotColumn, factor: factor, into: row)
            }
        }
        return inverse
    }

    private mutating func swapRows(_ a: Int, _ b: Int) {
        for column in 0..<columns { elements.swapAt(a * columns + column, b * columns + column) }
    }

    private mutating func scaleRow(_ row: Int, by factor: UInt8) {
        for column in 0..<columns { self[row, column] = GaloisField.multiply(self[row, column], factor) }
    }

    private mutating func addScaledRow(_ source: Int, factor: UInt8, into target: Int) {
        for column in 0..<columns { self[target, column] ^= GaloisField.multiply(factor, self[source, column]) }
    }
}
