from django.urls import path

from figures import public

urlpatterns = [
    path("oppna-data/digital-hjalp-i-siffror.json", public.open_data_json, name="figures_json"),
    path("oppna-data/digital-hjalp-i-siffror.csv", public.open_data_csv, name="figures_csv"),
]
