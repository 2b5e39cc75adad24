import Foundation

/// A roster file as a run of blocks of about 1 MiB of whole records (RFC 4180): a block ends at
/// a line break outside quotes, found by counting quote marks (a quoted field's own quotes come
/// in pairs), so no record is cut in two. A UTF-8 byte order mark is dropped. Each block says
/// which of its lines are not UTF-8 (it ends at a line feed, so no character spans two blocks).
struct RosterBlocks {
    static let size = 1 << 20
    /// The most bytes read without a record ending before the file is refused: a roster's record
    /// is a few hundred bytes, so only a quote that is never closed (or no line breaks at all)
    /// comes near it, and memory stays bounded whatever the file.
    static let longestRecord = 8 << 20

    private let file: FileHandle
    private let longestRecord: Int
    private let path: String
    private var carried: [UInt8] = []
    private var atStart = true
    private var atEnd = false

    init(path: String, longestRecord: Int = RosterBlocks.longestRecord) throws {
        guard let file = FileHandle(forReadingAtPath: path) else { throw RosterError(problems: ["cannot read \(path)"]) }
        self.file = file
        self.path = path
        self.longestRecord = longestRecord
    }

    /// More than `longestRecord` bytes without a record's end. `line` counts from the first line
    /// not yet returned (0): the line of the last quote that opened a field and was not closed,
    /// or of the last line break seen.
    struct RecordTooLong: Error {
        let line: Int
        let unclosedQuote: Bool

        /// What is wrong, for the line named.
        var reason: String {
            unclosedQuote
                ? "a double quote (\") opens a field that is never closed (quote a whole field, and write a quote inside one twice)"
                : "a record longer than \(RosterBlocks.longestRecord >> 20) MiB"
        }
    }

    /// The next block, or nil after the last.
    mutating func next() throws -> RosterBlock? {
        while !atEnd {
            let read: Data
            do {
                read = try file.read(upToCount: Self.size) ?? Data()
            } catch {
                throw RosterError(problems: ["cannot read \(path): \(error)"])
            }
            if read.isEmpty {
                atEnd = true
                try? file.close()
                break
            }
            carried.append(contentsOf: read)
            if atStart {
                if carried.count < 3 { continue }
                if carried.starts(with: [0xEF, 0xBB, 0xBF]) { carried.removeFirst(3) }
                atStart = false
            }
            if let end = Self.endOfLastRecord(in: carried) {
                let block = RosterBlock(carried[..<end])
                carried.removeFirst(end)
                return block
            }
            if carried.count > longestRecord { throw Self.recordTooLong(carried) }
        }
        guard !carried.isEmpty else { return nil }
        defer { carried = [] }
        return RosterBlock(carried[...])
    }

    /// Where the record that does not end starts to go wrong in `bytes`.
    static func recordTooLong(_ bytes: [UInt8]) -> RecordTooLong {
        var quoted = false, line = 0, openedOn = 0
        for byte in bytes {
            if byte == 0x22 {
                quoted.toggle()
                if quoted { openedOn = line }
            } else if byte == 0x0A {
                line += 1
            }
        }
        return RecordTooLong(line: quoted ? openedOn : line, unclosedQuote: quoted)
    }

    /// The index after the last line feed of `bytes` outside quotes, if there is one.
    static func endOfLastRecord(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            var quoted = false
            var end: Int?
            for index in buffer.indices {
                switch buffer[index] {
                case 0x22: quoted.toggle()
                case 0x0A where !quoted: end = index + 1
                default: break
                }
            }
            return end
        }
    }
}

/// Whole records of a roster file, and which of its lines (counted from 0) are not UTF-8.
struct RosterBlock {
    let text: String
    let invalidLines: [Int]

    init(text: String, invalidLines: [Int]) {
        self.text = text
        self.invalidLines = invalidLines
    }

    init(_ bytes: ArraySlice<UInt8>) {
        if let text = String(validating: bytes, as: UTF8.self) {
            self.init(text: text, invalidLines: [])
        } else {
            let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            let invalid = lines.enumerated().filter { String(validating: $0.element, as: UTF8.self) == nil }.map(\.offset)
            self.init(text: String(decoding: bytes, as: UTF8.self), invalidLines: invalid)
        }
    }
}
