from django.urls import path

from partners import views

app_name = "partners"
urlpatterns = [
    path("partner/bekrafta/<str:token>/", views.confirm_by_link, name="confirm"),
]
