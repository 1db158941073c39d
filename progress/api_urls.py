"""Progress's API routes, included under /api/v1/ by the root URLconf (alma/urls.py)."""

from rest_framework.routers import SimpleRouter

from progress.api import (CertificateViewSet, EnrolmentViewSet, LessonProgressViewSet, RecordSyncViewSet,
                          StatementViewSet, VerificationViewSet)

router = SimpleRouter()
router.register("me/enrolments", EnrolmentViewSet, basename="my-enrolment")
router.register("me/lessons", LessonProgressViewSet, basename="my-lesson-progress")
router.register("me/statements", StatementViewSet, basename="my-statement")
router.register("me/certificates", CertificateViewSet, basename="my-certificate")
router.register("records/sync", RecordSyncViewSet, basename="record-sync")
router.register("certificates/verify", VerificationViewSet, basename="certificate-verification")

urlpatterns = router.urls
