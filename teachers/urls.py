from django.urls import path

from teachers import assignment_views, attempt_views, classroom_use_views, report_views, roster_views, views

app_name = "teachers"
urlpatterns = [
    path("classes/", views.class_list, name="classes"),
    path("classes/new/", views.class_create, name="class-create"),
    path("classes/join/", views.join, name="join"),
    path("classes/<int:pk>/", views.class_detail, name="class"),
    path("classes/<int:pk>/qr.svg", views.qr_svg, name="qr"),
    path("classes/<int:pk>/join-screen/", views.join_screen, name="join-screen"),
    path("classes/<int:pk>/co-teachers/", views.add_co_teacher, name="add-co-teacher"),
    path("classes/<int:pk>/code/", views.renew_code, name="renew-code"),
    path("classes/<int:pk>/archive/", views.archive, name="archive"),
    path("classes/<int:pk>/students/new/", roster_views.create_student, name="create-student"),
    path("classes/<int:pk>/roster/", roster_views.upload_roster, name="roster"),
    path("classes/<int:pk>/students/<int:user_id>/password/", roster_views.reset_password, name="reset-password"),
    path("classes/password/", roster_views.choose_password, name="choose-password"),
    path("classes/<int:pk>/members/<int:membership_id>/", views.member_update, name="member"),
    path("classes/<int:pk>/leave/", views.leave, name="leave"),
    path("classes/<int:pk>/assignments/", assignment_views.assignments, name="assignments"),
    path("classes/<int:pk>/assignments/<int:assignment_id>/edit/", assignment_views.assignment_edit, name="assignment-edit"),
    path("classes/<int:pk>/assignments/<int:assignment_id>/delete/", assignment_views.assignment_delete,
         name="assignment-delete"),
    path("classes/<int:pk>/assignments/<int:assignment_id>/extension/", assignment_views.grant_extension, name="extension"),
    path("classes/<int:pk>/report/", report_views.report, name="report"),
    path("classes/<int:pk>/students/<int:user_id>/", report_views.student_report, name="student"),
    path("classes/<int:pk>/students/<int:user_id>/attempts/<int:attempt_id>/", attempt_views.attempt_answers,
         name="attempt-answers"),
    path("classes/<int:pk>/students/<int:user_id>/extra-attempts/<int:assignment_id>/",
         attempt_views.grant_extra_attempt, name="extra-attempt"),
    path("classes/<int:pk>/lessons/<uuid:key>/present/", classroom_use_views.present, name="present"),
    path("classes/<int:pk>/present/", classroom_use_views.present_pick, name="present-pick"),
    path("classes/<int:pk>/worksheets/<uuid:key>/", classroom_use_views.worksheet, name="worksheet"),
    path("classes/<int:pk>/worksheets/<uuid:key>/answers/", classroom_use_views.answer_key, name="answer-key"),
    path("classes/<int:pk>/assignments/<int:assignment_id>/paper/", classroom_use_views.paper_answers, name="paper"),
    path("assignments/", assignment_views.my_assignments, name="my-assignments"),
]
