import Foundation

/// Whose students a member of staff may hand codes and badges to: a technician any student, a
/// teacher those of their own homeroom (students whose `homeroom_teacher` is their display name).
public enum StudentScope: Sendable, Equatable {
    case anyStudent
    case homeroom(teacher: String)

    /// Whether `student` is within the scope.
    public func contains(_ student: Student) -> Bool {
        switch self {
        case .anyStudent: true
        case .homeroom(let teacher): student.homeroomTeacher == teacher && !teacher.isEmpty
        }
    }
}
