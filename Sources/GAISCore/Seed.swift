/// A node of the seed tree: every random stream in the library is derived from the user's seed
/// by a path of named (or numbered) children, e.g. `seed.child("graph").child("partition").child(r)`.
///
/// Two different paths give unrelated seeds (up to the 2⁻⁶⁴ chance of a 64-bit collision),
/// so a stage can add or change its own streams without shifting any other stage's, and no two
/// stages can share a stream by accident: the only way to reach a seed is to spell its path.
///
/// Names are hashed with FNV-1a and numbers are tagged apart from names, then mixed with the
/// parent by SplitMix64's finaliser, so `child("1")` and `child(1)` differ.
public struct Seed: Sendable, Hashable, CustomStringConvertible {
    /// The 64-bit value at this node.
    public let value: UInt64

    /// The root of a tree: the user's seed. Every value, including 0, is valid.
    @inlinable
    public init(_ value: UInt64) { self.value = value }

    /// The child called `name`.
    @inlinable
    public func child(_ name: String) -> Seed {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Seed(Self.mix(value, hash))
    }

    /// The child numbered `index` (a fold, a batch, a class, a repeat…).
    @inlinable
    public func child(_ index: Int) -> Seed {
        Seed(Self.mix(value, Self.finalize(UInt64(bitPattern: Int64(index)) &+ 0x6A09_E667_F3BC_C909)))
    }

    /// A fresh generator on this node's stream.
    @inlinable
    public var generator: SeededGenerator { SeededGenerator(seed: Self.finalize(value ^ 0x3C6E_F372_FE94_F82B)) }

    public var description: String { "\(value)" }

    @inlinable
    static func mix(_ parent: UInt64, _ key: UInt64) -> UInt64 {
        finalize(finalize(parent &+ 0x9E37_79B9_7F4A_7C15) ^ key)
    }

    /// SplitMix64's output function: a bijection on 64 bits with full avalanche.
    @inlinable
    static func finalize(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
