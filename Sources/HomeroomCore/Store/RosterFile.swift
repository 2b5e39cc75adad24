import Foundation

/// One student as the roster file gives them, already checked and normalised (trimmed, NFC).
public struct RosterRow: Sendable, Equatable {
    public var studentID: String
    public var lastName: String
    public var firstName: String
    public var middleName: String
    public var birthDate: String?
    public var grade: String?
    public var school: String?
    public var homeroomTeacher: String?
}

/// A roster file that cannot be imported; `problems` names every bad row by line.
public struct RosterError: Error, CustomStringConvertible, Equatable {
    public let problems: [String]

    public init(problems: [String]) { self.problems = problems }

    /// The error of `problems` (each with the line it is on), said in line order.
    init(inLineOrder problems: [(line: Int, text: String)]) {
        self.problems = problems.sorted { $0.line < $1.line }.map(\.text)
    }

    /// How a problem with the record starting on `line` is said.
    static func problem(line: Int, _ reason: String) -> String { "line \(line): \(reason)" }

    public var description: String {
        let rows = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "roster not imported (\(rows)): " + problems.joined(separator: "; ")
    }
}

/// The rules of a roster CSV (see the README): UTF-8 with optional BOM, RFC 4180, header row
/// with the standard names or Infinite Campus aliases, and the checks every row must pass.
/// `RosterReader` reads a file by these rules, one row at a time.
public enum RosterFile {
    static let aliases: [String: String] = [
        "student_id": "student_id", "studentnumber": "student_id",
        "last_name": "last_name", "lastname": "last_name",
        "first_name": "first_name", "firstname": "first_name",
        "middle_name": "middle_name", "middlename": "middle_name",
        "birth_date": "birth_date", "birthdate": "birth_date",
        "grade": "grade",
        "school": "school", "schoolname": "school",
        "homeroom_teacher": "homeroom_teacher", "homeroomteacher": "homeroom_teacher",
    ]
    static let required = ["student_id", "last_name", "first_name"]
    static let grades: Set<String> = ["PK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"]
    static let maxNameLength = 100

    /// The columns a row is made of, in the order `check` takes their positions.
    static let order = ["student_id", "last_name", "first_name", "middle_name", "birth_date", "grade", "school",
                        "homeroom_teacher"]

    /// The position in `header` of each column of `order` (nil when absent); a missing required
    /// column is refused.
    static func columns(of header: [String]) throws -> [Int?] {
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            if let canonical = aliases[key], columns[canonical] == nil { columns[canonical] = index }
        }
        let missing = required.filter { columns[$0] == nil }
        if !missing.isEmpty {
            throw RosterError(problems: [RosterError.problem(line: 1, "missing required column \(missing.joined(separator: ", "))")])
        }
        return order.map { columns[$0] }
    }

    struct RowProblem: Error { let reason: String }

    /// The row `fields` make under a header of `header` fields whose `columns` are as `columns(of:)`
    /// found them, or why they make none. Runs once per row of a file of up to a million: the
    /// common case (ASCII, nothing to trim) is checked on the UTF-8 bytes, without arrays.
    static func check(_ fields: [String], columns: [Int?], header: Int) -> Result<RosterRow, RowProblem> {
        if fields.count > header {
            return .failure(RowProblem(reason: "has \(fields.count) fields but the header has \(header)"))
        }
        if fields.contains(where: hasControlCharacter) {
            return .failure(RowProblem(reason: "contains a control character (such as a line break or tab)"))
        }
        func value(_ column: Int) -> String {
            guard let index = columns[column], index < fields.count else { return "" }
            return canonical(fields[index])
        }
        let id = value(0)
        guard id.utf8.count == 7, id.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return .failure(RowProblem(reason: "student_id '\(id.prefix(20))' is not exactly 7 digits"))
        }
        /// What is wrong with the name in `column` (the middle name, 3, may be empty).
        func nameProblem(_ column: Int, _ name: String) -> RowProblem? {
            if name.isEmpty && column != 3 { return RowProblem(reason: "\(order[column]) is empty") }
            if isLonger(name, than: maxNameLength) { return RowProblem(reason: "\(order[column]) is longer than \(maxNameLength) characters") }
            return nil
        }
        let lastName = value(1), firstName = value(2), middleName = value(3)
        if let problem = nameProblem(1, lastName) ?? nameProblem(2, firstName) ?? nameProblem(3, middleName) { return .failure(problem) }
        let birthDate = value(4)
        if !birthDate.isEmpty && !isCalendarDate(birthDate) {
            return .failure(RowProblem(reason: "birth_date '\(birthDate.prefix(20))' is not a date like 2012-04-09"))
        }
        let grade = canonicalGrade(value(5))
        if !grade.isEmpty && !isGrade(grade) {
            return .failure(RowProblem(reason: "grade '\(grade.prefix(10))' is not one of PK, KG, 01 to 12"))
        }
        let school = value(6), homeroomTeacher = value(7)
        if isLonger(school, than: 200) || isLonger(homeroomTeacher, than: 200) {
            return .failure(RowProblem(reason: "\(isLonger(school, than: 200) ? "school" : "homeroom_teacher") is longer than 200 characters"))
        }
        func optional(_ s: String) -> String? { s.isEmpty ? nil : s }
        return .success(RosterRow(
            studentID: id, lastName: lastName, firstName: firstName, middleName: middleName,
            birthDate: optional(birthDate), grade: optional(grade), school: optional(school),
            homeroomTeacher: optional(homeroomTeacher)))
    }

    /// Whether `grade` (canonical) is one of `grades`, told on its two bytes.
    static func isGrade(_ grade: String) -> Bool {
        var bytes = grade.utf8.makeIterator()
        guard let first = bytes.next(), let second = bytes.next(), bytes.next() == nil else { return false }
        switch (first, second) {
        case (0x50, 0x4B), (0x4B, 0x47), (0x30, 0x31...0x39), (0x31, 0x30...0x32): return true  // PK, KG, 01–09, 10–12
        default: return false
        }
    }

    /// A grade as the roster stores it: upper case, `1`…`9` padded to `01`…`09`.
    static func canonicalGrade(_ text: String) -> String {
        if text.isEmpty || (text.utf8.count == 2 && text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) })) {
            return text
        }
        let grade = text.uppercased()
        return grade.count == 1 && grade.first!.isNumber ? "0" + grade : grade
    }

    /// Whether `text` has more than `limit` characters (counted only when its bytes could be).
    static func isLonger(_ text: String, than limit: Int) -> Bool {
        text.utf8.count > limit && text.count > limit
    }

    /// Trimmed of spaces and in Unicode NFC. Text of scalars below U+0300 (ASCII, Latin-1, Latin
    /// Extended: no combining marks, nothing NFC would change) is NFC already.
    static func canonical(_ field: String) -> String {
        let trimmed = mayNeedTrimming(field) && (field.first?.isWhitespace == true || field.last?.isWhitespace == true)
            ? field.trimmingCharacters(in: .whitespaces) : field
        if trimmed.utf8.allSatisfy({ $0 < 0x80 }) || trimmed.unicodeScalars.allSatisfy({ $0.value < 0x300 }) { return trimmed }
        return trimmed.precomposedStringWithCanonicalMapping
    }

    /// False when the first and last bytes are ASCII other than white space: nothing to trim.
    static func mayNeedTrimming(_ field: String) -> Bool {
        guard let first = field.utf8.first, let last = field.utf8.last else { return false }
        func plain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
        return !(plain(first) && plain(last))
    }

    /// Whether `field` has a character of the general category Control (Cc): U+0000 to U+001F
    /// and U+007F to U+009F, exactly.
    static func hasControlCharacter(_ field: String) -> Bool {
        if field.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return false }
        return field.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }

    /// `YYYY-MM-DD`, a day that exists.
    static func isCalendarDate(_ s: String) -> Bool {
        s.utf8.withContiguousStorageIfAvailable(isCalendarDate) ?? Array(s.utf8).withUnsafeBufferPointer(isCalendarDate)
    }

    private static func isCalendarDate(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return false }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10), (1...12).contains(m) else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = m == 2 ? (leap ? 29 : 28) : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31
        return (1...days).contains(d)
    }

    /// The line breaks inside the fields of one record (in quoted fields), so lines are counted
    /// as the file has them.
    static func newlines(in fields: [String]) -> Int {
        fields.reduce(0) { count, field in
            field.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D })
                ? field.reduce(count) { $1 == "\n" || $1 == "\r\n" ? $0 + 1 : $0 } : count
        }
    }
}
