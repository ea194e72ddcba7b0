import pytest
@pytest.mark.django_db
def test_smoke(client, demo_site):
    r = client.get("/be-om-hjalp/")
    print(r.status_code)
    open("/tmp/form.html","w").write(r.content.decode())
    r = client.post("/be-om-hjalp/", {"action":"send"})
    print(r.status_code)
    open("/tmp/form_err.html","w").write(r.content.decode())
