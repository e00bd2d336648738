import Testing
@testable import GAISData
import GAIS
import GAISCInterface
import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A CSV with numeric and text columns, missing values in both, and text classes.
let mixedCSV = """
a,colour,b,size,class
1.5,red,10,S,yes
2.5,blue,,M,no
?,green,30,L,yes
4.0,red,40,,no
5.5,,50,S,yes
0.5,blue,60,XL,no
3.0,green,70,M,yes
2.0,red,80,L,no
1.0,blue,15,S,maybe
6.0,red,25,M,maybe
"""

func readTable(_ text: String) throws -> Table {
    try TableReader.read(file: MappedFile(bytes: Array(text.utf8), path: "mixed.csv"))
}

/// The file's table split the way a caller holds it: numeric columns as float32 (or float64),
/// categorical columns as codes in a shuffled category order, classes in a shuffled order.
struct CallerArrays {
    var numeric: [Float] = []
    var numericCount = 0
    var codes: [Int32] = []
    var positions: [Int] = []
    var categories: [[String]] = []
    var labels: [Int32] = []
    var classNames: [String] = []

    init(_ table: Table) {
        let m = table.columns.count
        for (j, column) in table.columns.enumerated() {
            if case .categorical(let names) = column.kind {
                positions.append(j)
                categories.append(Array(names.reversed()))
            }
        }
        numericCount = m - positions.count
        for r in 0..<table.rowCount {
            for j in 0..<m {
                let v = table.values[r * m + j]
                if let k = positions.firstIndex(of: j) {
                    let count = categories[k].count
                    codes.append(v.isNaN ? -1 : Int32(count - 1 - Int(v)))
                } else {
                    numeric.append(v)
                }
            }
        }
        classNames = table.classNames.reversed()
        labels = table.labels.map { Int32(table.classNames.count - 1) - $0 }
    }

    func table(float64: Bool = false, body: (ArrayTable) throws -> Void) throws {
        let doubles = numeric.map(Double.init)
        try numeric.withUnsafeBufferPointer { f in
            try doubles.withUnsafeBufferPointer { d in
                try codes.withUnsafeBufferPointer { c in
                    try labels.withUnsafeBufferPointer { l in
                        try body(ArrayTable(rowCount: labels.count, numeric: float64 ? .float64(d) : .float32(f),
                                            numericCount: numericCount, codes: c, categoricalCount: positions.count,
                                            categoricalPositions: positions, categories: categories,
                                            labels: l, classNames: classNames))
                    }
                }
            }
        }
    }
}

func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

@Suite struct CInterfaceTests {
    @Test func readerOrderIsTheParsersOrder() {
        for names in [["b", "a", "C", "ä", "10"], ["10", "9", "-1", "1e1", "2.5"], ["x"], []] {
            #expect(NameOrder.sorted(names) == DelimitedParser.sortedNames(names))
        }
    }

    @Test func arraysEncodeBitForBitAsTheFile() throws {
        var table = try readTable(mixedCSV)
        let arrays = CallerArrays(table)
        let encoder = TableEncoder.fit(table)
        let expected = encoder.encode(&table)
        for float64 in [false, true] {
            try arrays.table(float64: float64) { array in
                let (data, arrayEncoder) = try array.encode(context: .serial)
                #expect(arrayEncoder.plans == encoder.plans)
                #expect(bits(data.features) == bits(expected.features))
                #expect(data.labels == expected.labels)
                #expect(data.classNames == expected.classNames)
            }
        }
    }

    @Test func float32WithoutCategoriesIsReadInPlaceAndEncodesAsTheFile() throws {
        let csv = "x,y,z,class\n" + (0..<200).map { i in
            "\(Float(i % 17) * 0.37),\(Float((i * 7) % 23) - 3.5),\(i % 5 == 0 ? "?" : String(i)),c\(i % 3)"
        }.joined(separator: "\n")
        var table = try readTable(csv)
        let arrays = CallerArrays(table)
        let expected = TableEncoder.fit(table).encode(&table)
        try arrays.table { array in
            #expect(array.readsInPlace)
            let (data, _) = try array.encode()
            #expect(bits(data.features) == bits(expected.features))
        }
    }

    @Test func selectionsEqualTheFilesForEveryMethod() throws {
        let csv = "x,y,kind,class\n" + (0..<300).map { i in
            let c = i % 3
            let kind = ["p", "q", "r", "s"][(i * 5 + c) % 4]
            return "\(Float(c) + Float((i * 37) % 101) / 60),\(Float((i * 53) % 97) / 40 - Float(c)),\(kind),k\(c)"
        }.joined(separator: "\n")
        var table = try readTable(csv)
        let arrays = CallerArrays(table)
        let data = TableEncoder.fit(table).encode(&table)
        for name in Methods.names {
            let expected = try Methods.selector(name).select(from: data, seed: 5, context: .serial)
            try arrays.table { array in
                let result = try ArraySelection.run(array, method: name, settings: [], seed: 5,
                                                    context: ExecutionContext(threads: 2))
                #expect(result.selection.indices == expected.indices, "\(name)")
                #expect(result.selection.scores.map(bits) == expected.scores.map(bits), "\(name)")
            }
        }
    }

    @Test func inputErrorsAreMessages() throws {
        var arrays = CallerArrays(try readTable(mixedCSV))
        arrays.labels[3] = -1
        try arrays.table { array in
            #expect(throws: GAISError.invalidInput("row 3: missing class label")) { try array.encode() }
        }
        arrays = CallerArrays(try readTable(mixedCSV))
        arrays.codes[1] = 9
        try arrays.table { array in
            #expect(throws: GAISError.self) { try array.encode() }
        }
        arrays = CallerArrays(try readTable(mixedCSV))
        arrays.classNames[1] = arrays.classNames[0]
        try arrays.table { array in
            #expect(throws: GAISError.invalidInput("class names: 'yes' appears twice")) { try array.encode() }
        }
        arrays = CallerArrays(try readTable(mixedCSV))
        arrays.numeric[0] = .infinity
        try arrays.table { array in
            #expect(throws: GAISError.invalidInput("column 0: a value is infinite or out of range")) { try array.encode() }
        }
    }
}

/// The C entry points themselves, called as C would call them.
@Suite struct CEntryPointTests {
    func lastError() -> String { String(cString: gais_last_error()) }

    func select(_ x: [Float], rows: Int, columns: Int, labels: [Int32], classes: [String], method: String,
                settings: String = "", seed: UInt64 = 0, threads: Int32 = 1) -> (Int32, [Int64], String) {
        var indices: UnsafeMutablePointer<Int64>? = nil
        var count: Int64 = 0
        var report: UnsafeMutablePointer<CChar>? = nil
        let cNames = classes.map { strdup($0) }
        defer { cNames.forEach { free($0) } }
        let names = cNames.map { UnsafePointer($0) }
        let status = x.withUnsafeBytes { xb in
            labels.withUnsafeBufferPointer { lb in
                names.withUnsafeBufferPointer { nb in
                    gais_select(xb.baseAddress, 0, Int64(rows), Int64(columns), nil, 0, nil, nil, nil,
                                lb.baseAddress, Int64(labels.count), nb.baseAddress, Int32(classes.count), nil,
                                method, settings, seed, threads, nil, nil, &indices, &count, nil, &report)
                }
            }
        }
        defer { gais_free(indices); gais_free(report) }
        let kept = indices.map { Array(UnsafeBufferPointer(start: $0, count: Int(count))) } ?? []
        return (status, kept, report.map { String(cString: $0) } ?? "")
    }

    let x: [Float] = (0..<240).map { Float(($0 * 37) % 101) / 10 }
    var labels: [Int32] { (0..<120).map { Int32($0 % 2) } }

    @Test func selectsAndReports() {
        let (status, kept, report) = select(x, rows: 120, columns: 2, labels: labels, classes: ["a", "b"],
                                            method: "random", settings: "keep-ratio=0.1")
        #expect(status == 0)
        #expect(kept.count == 12)
        #expect(kept == kept.sorted())
        #expect(report.contains("\"method\": \"random\""))
        #expect(report.contains("\"format\": \"array\""))
    }

    @Test func errorsAreTheCLIsMessages() {
        var (status, _, _) = select(x, rows: 120, columns: 2, labels: labels, classes: ["a", "b"], method: "nope")
        #expect(status == -1)
        #expect(lastError().hasPrefix("unknown method 'nope'; methods: gais, gais-lsh"))
        (status, _, _) = select(x, rows: 120, columns: 2, labels: labels, classes: ["a", "b"], method: "enn",
                                settings: "neighbors=0")
        #expect(status == -1)
        #expect(lastError() == "parameter 'neighbors' of enn must be a whole number ≥ 1, got 0")
        (status, _, _) = select(x, rows: 120, columns: 2, labels: labels, classes: ["a", "b"], method: "enn",
                                settings: "batch-size=4")
        #expect(lastError().hasPrefix("parameter 'batch-size' does not apply to enn"))
        (status, _, _) = select(x, rows: 120, columns: 2, labels: [Int32](repeating: 0, count: 120),
                                classes: ["only"], method: "enn")
        #expect(status == -1)
        #expect(lastError() == "only one class ('only'); instance selection needs at least two")
        (status, _, _) = select(x, rows: 120, columns: 2, labels: Array(labels.dropLast()), classes: ["a", "b"],
                                method: "enn")
        #expect(lastError() == "119 labels for 120 rows")
        let nullStatus = gais_select(nil, 0, 10, 2, nil, 0, nil, nil, nil, nil, 10, nil, 0, nil, "enn", nil, 0, 1,
                                     nil, nil, nil, nil, nil, nil)
        #expect(nullStatus == -1)
        #expect(lastError() == "features is NULL but 20 values are expected")
        let badType = gais_select(nil, 7, 0, 0, nil, 0, nil, nil, nil, nil, 0, nil, 0, nil, "enn", nil, 0, 1,
                                  nil, nil, nil, nil, nil, nil)
        #expect(badType == -1)
        #expect(lastError().hasPrefix("dtype must be"))
        #expect(gais_check_settings("gais", "rule=top,spread") == 0)
        #expect(gais_check_settings("gais", "spread") == -1)
        #expect(lastError() == "parameter 'spread' of gais applies only with rule=top")
    }

    @Test func lastErrorIsPerThread() {
        // Thread A fails, then waits while thread B fails differently; A still reads its own.
        let aFailed = DispatchSemaphore(value: 0), bFailed = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        let seen = UncheckedSendable(UnsafeMutablePointer<String>.allocate(capacity: 2))
        seen.value.initialize(repeating: "", count: 2)
        DispatchQueue.global().async(group: group) {
            _ = gais_check_settings("nope", nil)
            aFailed.signal()
            bFailed.wait()
            seen.value[0] = String(cString: gais_last_error())
        }
        DispatchQueue.global().async(group: group) {
            aFailed.wait()
            _ = gais_check_settings("enn", "neighbors=x")
            seen.value[1] = String(cString: gais_last_error())
            bFailed.signal()
        }
        group.wait()
        #expect(seen.value[0].hasPrefix("unknown method 'nope'"))
        #expect(seen.value[1] == "parameter 'neighbors' of enn must be a whole number ≥ 1, got x")
        seen.value.deinitialize(count: 2)
        seen.value.deallocate()
    }

    @Test func methodCatalogListsTheRegistry() {
        var json: UnsafeMutablePointer<CChar>? = nil
        #expect(gais_methods_json(&json) == 0)
        let text = String(cString: json!)
        gais_free(json)
        for name in Methods.names { #expect(text.contains("\"name\": \"\(name)\"")) }
        #expect(String(cString: gais_version()) == GAISVersion.string)
    }
}
