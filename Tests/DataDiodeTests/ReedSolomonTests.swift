import CDiodeKernels
import DataDiode
import DiodeServices
import Foundation
import Testing

/// One test limits the process-wide kernel choice for a while, so the tests take turns: the others, zfec's among
/// them, run with the best kernel.
@Suite(.serialized) struct ReedSolomonTests {
    private func randomShards(_ count: Int, length: Int, seed: UInt64) -> [[UInt8]] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in generator.bytes(length) }
    }

    @Test func fieldInverseAndMultiplicationAgree() {
        for a in 1...255 {
            #expect(GaloisField.multiply(UInt8(a), GaloisField.inverse(UInt8(a))) == 1)
        }
        #expect(GaloisField.multiply(0x53, 0xCA) == GaloisField.multiply(0xCA, 0x53))
        #expect(GaloisField.exp[8] == 0x1D)
    }

    @Test func everyErasurePatternOfASmallCodeIsRepaired() throws {
        let code = try ReedSolomonCode(dataShards: 5, parityShards: 3)
        let data = randomShards(5, length: 37, seed: 1)
        let all = data + code.parity(of: data)
        let decoder = ErasureDecoder(code: code)
        for mask in 0..<(1 << 8) where mask.nonzeroBitCount <= 3 {
            var shards: [[UInt8]?] = all.enumerated().map { mask & (1 << $0.offset) == 0 ? $0.element : nil }
            #expect(decoder.reconstruct(&shards))
            #expect(Array(shards[0..<5].map { $0! }) == data, "erasure mask \(mask)")
        }
    }

    @Test func moreErasuresThanParityAreRefused() throws {
        let code = try ReedSolomonCode(dataShards: 4, parityShards: 2)
        let data = randomShards(4, length: 16, seed: 2)
        var shards: [[UInt8]?] = (data + code.parity(of: data)).map { $0 }
        shards[0] = nil
        shards[2] = nil
        shards[5] = nil
        #expect(!ErasureDecoder(code: code).reconstruct(&shards))
        #expect(shards[0] == nil)
    }

    @Test func invalidShapesAreRejected() {
        #expect(throws: DiodeError(.invalidConfiguration, "")) { try ReedSolomonCode(dataShards: 0, parityShards: 2) }
        #expect(throws: DiodeError(.invalidConfiguration, "")) { try ReedSolomonCode(dataShards: 200, parityShards: 57) }
    }

    @Test(arguments: [(1, 1), (10, 4), (64, 8), (64, 16), (200, 55)])
    func parityIsByteIdenticalToZfec(k: Int, m: Int) throws {
        let data = randomShards(k, length: 301, seed: UInt64(k * 1000 + m))
        let parity = try ReedSolomonCode(dataShards: k, parityShards: m).parity(of: data)
        let directory = TemporaryDirectory()
        let input = directory.file("data.bin")
        try Data(data.flatMap { $0 }).write(to: URL(fileURLWithPath: input))
        let script = """
            import sys, zfec
            k, n, length = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
            raw = open(sys.argv[4], 'rb').read()
            blocks = [raw[i*length:(i+1)*length] for i in range(k)]
            print(b''.join(zfec.Encoder(k, n).encode(blocks)[k:]).hex())
            """
        guard let output = PythonPeer.run(script, arguments: ["\(k)", "\(k + m)", "301", input]) else { return }
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == parity.flatMap { $0 }.map { String(format: "%02x", $0) }.joined())
    }

    @Test func zfecRebuildsFromOurShardsAndWeRebuildFromZfecs() throws {
        let (k, m, length) = (64, 8, 200)
        let data = randomShards(k, length: length, seed: 9)
        let code = try ReedSolomonCode(dataShards: k, parityShards: m)
        let all = data + code.parity(of: data)
        let kept = Array((0..<(k + m)).filter { ![3, 17, 40, 41, 42, 50, 63, 70].contains($0) })
        #expect(kept.count == k)
        let directory = TemporaryDirectory()
        let input = directory.file("kept.bin")
        try Data(kept.flatMap { all[$0] }).write(to: URL(fileURLWithPath: input))
        let script = """
            import sys, zfec
            k, n, length = 64, 72, 200
            nums = [int(x) for x in sys.argv[1].split(',')]
            raw = open(sys.argv[2], 'rb').read()
            blocks = [raw[i*length:(i+1)*length] for i in range(k)]
            print(b''.join(zfec.Decoder(k, n).decode(blocks, nums)).hex())
            """
        guard let output = PythonPeer.run(script, arguments: [kept.map(String.init).joined(separator: ","), input]) else { return }
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == data.flatMap { $0 }.map { String(format: "%02x", $0) }.joined())
        var shards: [[UInt8]?] = all.enumerated().map { kept.contains($0.offset) ? $0.element : nil }
        #expect(ErasureDecoder(code: code).reconstruct(&shards))
        #expect(shards[0..<k].map { $0! } == data)
    }

    /// Every kernel this CPU runs (GFNI, AVX2, portable) gives the same parity and rebuilds, also for
    /// lengths that are not multiples of the vector width.
    @Test func everyKernelAgreesWithThePortableOne() throws {
        let best = diode_gf_kernel()
        defer { _ = diode_gf_limit_kernel(best) }
        for (k, m) in [(64, 16), (10, 3), (1, 9)] {
            let code = try ReedSolomonCode(dataShards: k, parityShards: m)
            for length in [1, 31, 33, 64, 65, 1404] {
                let data = randomShards(k, length: length, seed: UInt64(k * 7919 + length))
                _ = diode_gf_limit_kernel(Int32(DIODE_GF_PORTABLE.rawValue))
                let expected = code.parity(of: data)
                for kernel in Int32(DIODE_GF_PORTABLE.rawValue)...best {
                    #expect(diode_gf_limit_kernel(kernel) == kernel)
                    #expect(code.parity(of: data) == expected, "kernel \(kernel), \(k)+\(m), \(length) bytes")
                    var shards: [[UInt8]?] = (data + expected).map { $0 }
                    for lost in 0..<min(m, k) { shards[lost] = nil }
                    #expect(ErasureDecoder(code: code).reconstruct(&shards))
                    #expect(shards[0..<k].map { $0! } == data, "kernel \(kernel) rebuild, \(k)+\(m), \(length) bytes")
                }
            }
        }
    }
}
