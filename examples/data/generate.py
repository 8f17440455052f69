#!/usr/bin/env python3
"""How the example dataset under examples/data/ was made (kept for reference; NOT run by the build).

The committed files (aws/, gcp/, directory/, expected.tsv) are the dataset. This script wrote them
once, deterministically (fixed random seed), so the ids stay stable if it is ever run again:

    python3 examples/data/generate.py        # from the repository root

Every record is written by hand below in the shape the clouds use (field names, nesting and value
formats checked against shared/fixtures: CloudTrail examples from the AWS user guides, stratus-red-team
and OTRF captures; Cloud Audit Log examples from Google's IAM audit-logging pages). Only ids, keys,
tokens and times are filled in by the helpers. The expectations table at the end (EXPECTED_ROWS) is
hand-written in terms of record labels; the script only swaps each label for the record's id.
"""
import base64
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import random
import string
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
R = random.Random(20260310)

# ---------------------------------------------------------------- identities and constants
A = "111111111111"   # identity account + cross-cloud test account (seed 004 uses 111111111111)
B = "210987654321"   # workload account holding SwitchRole / CrossAccountReadOnly
C = "333322221111"   # partner account: its own trail is NOT part of this dataset
PROJECT = "my-gcp-project"
PROJECT_NUM = "718293847561"
POOL = "kawanago-crosscloud-test"
PROVIDER = "kawanago-crosscloud-test-aws"
POOL_PATH = f"projects/{PROJECT_NUM}/locations/global/workloadIdentityPools/{POOL}"
DAY = dt.datetime(2026, 3, 10, tzinfo=dt.timezone.utc)

UPPER = string.ascii_uppercase + "234567"


def rid(prefix, n):
    return prefix + "".join(R.choice(UPPER) for _ in range(n))


def uid():
    return str(uuid.UUID(int=R.getrandbits(128), version=4))


def s3_request_id():
    return "".join(R.choice("0123456789ABCDEF") for _ in range(16))


def amz_id_2():
    return base64.b64encode(R.randbytes(57)).decode()


def session_token():
    return "IQoJb3JpZ2luX2VjE" + base64.b64encode(R.randbytes(300)).decode().rstrip("=")


def insert_id():
    s = "".join(R.choice(string.ascii_lowercase + string.digits) for _ in range(12))
    return ("-" + s[:11]) if R.random() < 0.2 else s


def t(hhmmss, micros=None):
    h, m, s = (int(x) for x in hhmmss.split(":"))
    v = DAY.replace(hour=h, minute=m, second=s)
    if micros is not None:
        v = v.replace(microsecond=micros)
    return v


def iso(v):
    return v.strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_nanos(v, extra_digits=""):
    return v.strftime("%Y-%m-%dT%H:%M:%S.%f") + extra_digits + "Z"


def expiration(v):
    """CloudTrail's credentials.expiration format: 'Mar 10, 2026, 3:10:05 AM'."""
    hour12 = v.hour % 12 or 12
    return f"{v.strftime('%b')} {v.day}, {v.year}, {hour12}:{v.strftime('%M:%S')} {'AM' if v.hour < 12 else 'PM'}"


# principal ids
USERS = {  # account A IAM users
    "miyamoto": rid("AIDA", 17), "tanaka": rid("AIDA", 17), "suzuki": rid("AIDA", 17),
    "sato": rid("AIDA", 17), "ci-deployer": rid("AIDA", 17),
}
USER_CREATED = {"miyamoto": "2025-04-01T02:11:09+00:00", "tanaka": "2025-04-01T02:12:44+00:00",
                "suzuki": "2025-09-16T07:40:21+00:00", "sato": "2024-11-05T00:31:58+00:00",
                "ci-deployer": "2025-06-20T09:03:12+00:00"}
PARTNER_USER_ID = rid("AIDA", 17)
B_ADMIN_ID = rid("AIDA", 17)
ROLES_A = {
    "kawanago-crosscloud-test": rid("AROA", 17),
    "kawanago-crosscloud-test-aws-1": rid("AROA", 17),
    "kawanago-crosscloud-test-aws-2": rid("AROA", 17),
    "batch-worker-role": rid("AROA", 17),
}
ROLES_B = {"SwitchRole": rid("AROA", 17), "CrossAccountReadOnly": rid("AROA", 17),
           "CrossAccountReadOnlyNamed": rid("AROA", 17)}
LONG_KEYS = {"tanaka": rid("AKIA", 16), "suzuki": rid("AKIA", 16), "ci-deployer": rid("AKIA", 16)}
INSTANCE_ID = "i-0a1b2c3d4e5f67890"
B_INSTANCE = "i-07c3e9a51d2b4f680"

SA1 = f"kawanago-crosscloud-test-1@{PROJECT}.iam.gserviceaccount.com"
SA2 = f"kawanago-crosscloud-test-2@{PROJECT}.iam.gserviceaccount.com"
SA1_ID, SA2_ID = "100000000000000000001", "100000000000000000002"
TARGET = f"kawanago-cc-test-target@{PROJECT}.iam.gserviceaccount.com"
TARGET_ID = "108374629105837461920"
COMPUTE_SA = f"{PROJECT_NUM}-compute@developer.gserviceaccount.com"
COMPUTE_SA_ID = "116482930174628391045"
UPLOADER = f"report-uploader@{PROJECT}.iam.gserviceaccount.com"
UPLOADER_ID = "109283746501928374651"
UPLOADER_KEY = "3f9c1a7be2d84056a1c9e07b5d2f8e4a61b0c3d7"

# IP addresses: documentation ranges only
IP_MIYAMOTO = "203.0.113.10"
IP_SATO = "203.0.113.24"
IP_TANAKA = "198.51.100.14"
IP_SUZUKI = "198.51.100.87"
IP_ALICE = "192.0.2.45"
IP_BOB = "192.0.2.61"
IP_GCE_WORKLOAD = "203.0.113.200"   # the GCE VM running as SA2
IP_CI = "198.51.100.23"             # CI runner using ci-deployer
IP_EC2 = "203.0.113.77"             # public IP of the EC2 instance
IP_PARTNER = "192.0.2.200"
IP_UPLOADER = "198.51.100.150"      # wherever the SA key is

CHROME = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/134.0.0.0 Safari/537.36")
CLI = "aws-cli/2.24.10 md/awscrt#0.23.8 ua/2.1 os/linux#6.8.0-1021-aws md/arch#x86_64 lang/python#3.12.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#"
BOTO = ("Boto3/1.37.3 md/Botocore#1.37.3 ua/2.1 os/linux#6.1.0-31-cloud-amd64 md/arch#x86_64 lang/python#3.11.2 "
        "md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.37.3")
GCLOUD = "google-cloud-sdk gcloud/514.0.0 command/gcloud.{} invocation-id/{} environment/None environment-version/None client-os/MACOSX client-os-ver/24.3.0 client-pltf-arch/arm interactive/True from-script/False python/3.12.8 term/xterm-256color (Macintosh; Intel Mac OS X 24.3.0),gzip(gfe)"

# ---------------------------------------------------------------- AWS record helpers
AWS = []   # (label, record)


def tls(host):
    return {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256", "clientProvidedHostHeader": host}


def iam_user(name, key=None, console_created=None, account=A):
    ui = {"type": "IAMUser", "principalId": USERS[name], "arn": f"arn:aws:iam::{account}:user/{name}",
          "accountId": account}
    if key is not None:
        ui["accessKeyId"] = key
    ui["userName"] = name
    if console_created is not None:
        ui["sessionContext"] = {"sessionIssuer": {}, "webIdFederationData": {},
                                "attributes": {"creationDate": iso(console_created), "mfaAuthenticated": "false"}}
    return ui


def assumed(account, role, role_id, session, key, created, mfa="false", web=None, ec2=None):
    ctx = {"sessionIssuer": {"type": "Role", "principalId": role_id,
                             "arn": f"arn:aws:iam::{account}:role/{role}", "accountId": account,
                             "userName": role}}
    if web is not None:
        ctx["webIdFederationData"] = web
    ctx["attributes"] = {"creationDate": iso(created), "mfaAuthenticated": mfa}
    if ec2 is not None:
        ctx["ec2RoleDelivery"] = ec2
    return {"type": "AssumedRole", "principalId": f"{role_id}:{session}",
            "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}", "accountId": account,
            "accessKeyId": key, "sessionContext": ctx}


def ct(label, when, source, name, region, ui, ip, ua, recipient, req=None, resp=None, add=None,
       read_only=True, resources=None, event_type="AwsApiCall", category="Management", error=None,
       shared=None, request_id=None, event_id=None, console=False, host=None, version="1.11"):
    rec = {"eventVersion": version, "userIdentity": ui, "eventTime": iso(when), "eventSource": source,
           "eventName": name, "awsRegion": region, "sourceIPAddress": ip, "userAgent": ua}
    if error is not None:
        rec["errorCode"], rec["errorMessage"] = error
    rec["requestParameters"] = req
    rec["responseElements"] = resp
    if add is not None:
        rec["additionalEventData"] = add
    if request_id is not False:
        rec["requestID"] = request_id or (s3_request_id() if source == "s3.amazonaws.com" else uid())
    rec["eventID"] = event_id or uid()
    rec["readOnly"] = read_only
    if resources is not None:
        rec["resources"] = resources
    rec["eventType"] = event_type
    rec["managementEvent"] = category == "Management"
    rec["recipientAccountId"] = recipient
    if shared is not None:
        rec["sharedEventID"] = shared
    rec["eventCategory"] = category
    if console:
        rec["sessionCredentialFromConsole"] = "true"
    if host is not None:
        rec["tlsDetails"] = tls(host)
    AWS.append((label, rec))
    return rec


def role_resource(account, role):
    return [{"accountId": account, "type": "AWS::IAM::Role", "ARN": f"arn:aws:iam::{account}:role/{role}"}]


def bucket_resources(account, bucket, key=None):
    if key is None:
        return [{"type": "AWS::S3::Object", "ARNPrefix": f"arn:aws:s3:::{bucket}/"},
                {"accountId": account, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"}]
    return [{"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{key}"},
            {"accountId": account, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"}]


def s3_add(out=0.0, inn=0.0, data=True):
    d = {"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256",
         "AuthenticationMethod": "AuthHeader", "x-amz-id-2": amz_id_2()}
    if data:
        d = {"bytesTransferredIn": inn, **d, "bytesTransferredOut": out}
    return d


def assume_role_pair(label, when, caller_ui, caller_account, role_account, role, role_id, session, ip, ua,
                     duration=3600, region="us-east-1", host="sts.amazonaws.com", denied=None, caller_copy=True,
                     outer_principal_id=None):
    """AssumeRole as CloudTrail records it: the caller's copy and, cross-account, the role owner's copy
    (same requestID and sharedEventID, own eventID, userIdentity reduced to type AWSAccount)."""
    role_arn = f"arn:aws:iam::{role_account}:role/{role}"
    req = {"roleArn": role_arn, "roleSessionName": session}
    if duration is not None:
        req["durationSeconds"] = duration
    key = None
    resp = None
    if denied is None:
        key = rid("ASIA", 16)
        resp = {"credentials": {"accessKeyId": key, "sessionToken": session_token(),
                                "expiration": expiration(when + dt.timedelta(seconds=duration or 3600))},
                "assumedRoleUser": {"assumedRoleId": f"{role_id}:{session}",
                                    "arn": f"arn:aws:sts::{role_account}:assumed-role/{role}/{session}"}}
    error = None
    if denied is not None:
        error = ("AccessDenied", denied)
    request_id = uid()
    cross = caller_account != role_account
    shared = uid() if cross else None
    recs = []
    if caller_copy:
        recs.append(ct(label + ("_A" if cross else ""), when, "sts.amazonaws.com", "AssumeRole", region, caller_ui,
                       ip, ua, caller_account, req=req, resp=resp, resources=role_resource(role_account, role),
                       error=error, shared=shared, request_id=request_id, host=host))
    if cross:
        owner_ui = {"type": "AWSAccount", "principalId": outer_principal_id or caller_ui["principalId"],
                    "accountId": caller_account}
        recs.append(ct(label + "_B", when, "sts.amazonaws.com", "AssumeRole", region, owner_ui, ip, ua,
                       role_account, req=req, resp=json.loads(json.dumps(resp)) if resp else None,
                       resources=role_resource(role_account, role), error=error, shared=shared,
                       request_id=request_id, host=host))
    return key, recs


# ================================================================= STORY 1: console SwitchRole (seed 000)
ct("s1_login", t("01:02:11"), "signin.amazonaws.com", "ConsoleLogin", "us-east-1",
   {"type": "IAMUser", "principalId": USERS["miyamoto"], "arn": f"arn:aws:iam::{A}:user/miyamoto",
    "accountId": A, "accessKeyId": "", "userName": "miyamoto"},
   IP_MIYAMOTO, CHROME, A, resp={"ConsoleLogin": "Success"},
   add={"LoginTo": "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_5c4e1b7d2a9f3e60",
        "MobileVersion": "No", "MFAIdentifier": f"arn:aws:iam::{A}:mfa/miyamoto-iphone", "MFAUsed": "Yes"},
   read_only=False, event_type="AwsConsoleSignIn", request_id=False, host="signin.aws.amazon.com")

SWITCH_AT = t("01:03:40")
M_KEY = rid("ASIA", 16)   # console session key: returned by no API call, appears only in the calls below
M_UI_NOKEY = assumed(B, "SwitchRole", ROLES_B["SwitchRole"], "miyamoto", None, SWITCH_AT, mfa="true")
del M_UI_NOKEY["accessKeyId"]
ct("s1_switch", SWITCH_AT, "signin.amazonaws.com", "SwitchRole", "us-east-1", M_UI_NOKEY, IP_MIYAMOTO, CHROME, B,
   resp={"SwitchRole": "Success"},
   add={"SwitchFrom": f"arn:aws:iam::{A}:user/miyamoto",
        "RedirectTo": "https://ap-northeast-1.console.aws.amazon.com/console/home?region=ap-northeast-1#"},
   read_only=False, event_type="AwsConsoleSignIn", request_id=False, host="signin.aws.amazon.com")
M_UI = assumed(B, "SwitchRole", ROLES_B["SwitchRole"], "miyamoto", M_KEY, SWITCH_AT, mfa="true")
ct("s1_listbuckets", t("01:03:52"), "s3.amazonaws.com", "ListBuckets", "us-east-1", M_UI, IP_MIYAMOTO,
   "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.780 Linux/5.10.234-206.910.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.442-b08 java/1.8.0_442 vendor/Oracle_Corporation cfg/retry-mode/standard]",
   B, req={"Host": "s3.us-east-1.amazonaws.com"}, add=s3_add(data=False), console=True,
   host="s3.us-east-1.amazonaws.com")
ct("s1_headbucket", t("01:04:05"), "s3.amazonaws.com", "HeadBucket", "ap-northeast-1", M_UI, IP_MIYAMOTO,
   "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.780]", B,
   req={"bucketName": "b-app-logs-apne1", "Host": "b-app-logs-apne1.s3.ap-northeast-1.amazonaws.com"},
   add=s3_add(data=False), resources=bucket_resources(B, "b-app-logs-apne1"), console=True,
   host="b-app-logs-apne1.s3.ap-northeast-1.amazonaws.com")
ct("s1_getbucketlocation", t("01:04:06"), "s3.amazonaws.com", "GetBucketLocation", "ap-northeast-1", M_UI,
   IP_MIYAMOTO, "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.780]", B,
   req={"bucketName": "b-app-logs-apne1", "Host": "b-app-logs-apne1.s3.ap-northeast-1.amazonaws.com", "location": ""},
   add=s3_add(data=False), resources=bucket_resources(B, "b-app-logs-apne1")[1:], console=True,
   host="b-app-logs-apne1.s3.ap-northeast-1.amazonaws.com")
ct("s1_describeinstances", t("01:05:30"), "ec2.amazonaws.com", "DescribeInstances", "ap-northeast-1", M_UI,
   IP_MIYAMOTO, "AWS Internal", B,
   req={"instancesSet": {}, "filterSet": {}, "includeAllInstances": False}, console=True,
   host="ec2.ap-northeast-1.amazonaws.com")

# ================================================================= STORY 2: AssumeRole, arbitrary session name (seeds 001/003)
T_AT = t("02:10:05")
T_KEY, _ = assume_role_pair("s2_tanaka_assume", T_AT, iam_user("tanaka", LONG_KEYS["tanaka"]), A, B,
                            "CrossAccountReadOnly", ROLES_B["CrossAccountReadOnly"], "unknown-user-name",
                            IP_TANAKA, CLI + "sts.assume-role")
T_UI = assumed(B, "CrossAccountReadOnly", ROLES_B["CrossAccountReadOnly"], "unknown-user-name", T_KEY, T_AT)
CLI_S3 = CLI + "s3.ls"
ct("s2_tanaka_listobjects", t("02:11:20"), "s3.amazonaws.com", "ListObjects", "ap-northeast-1", T_UI, IP_TANAKA,
   "[" + CLI_S3 + "]", B,
   req={"list-type": "2", "bucketName": "b-reports-apne1", "encoding-type": "url", "prefix": "2026/",
        "delimiter": "/", "Host": "b-reports-apne1.s3.ap-northeast-1.amazonaws.com"},
   add=s3_add(out=1183.0), resources=bucket_resources(B, "b-reports-apne1"), category="Data",
   host="b-reports-apne1.s3.ap-northeast-1.amazonaws.com", version="1.10")
ct("s2_tanaka_getobject1", t("02:12:02"), "s3.amazonaws.com", "GetObject", "ap-northeast-1", T_UI, IP_TANAKA,
   "[" + CLI + "s3.cp]", B,
   req={"bucketName": "b-reports-apne1", "Host": "b-reports-apne1.s3.ap-northeast-1.amazonaws.com",
        "key": "2026/02/summary.csv"},
   add=s3_add(out=48213.0), resources=bucket_resources(B, "b-reports-apne1", "2026/02/summary.csv"),
   category="Data", host="b-reports-apne1.s3.ap-northeast-1.amazonaws.com", version="1.10")
ct("s2_tanaka_describeinstances", t("02:14:40"), "ec2.amazonaws.com", "DescribeInstances", "ap-northeast-1", T_UI,
   IP_TANAKA, CLI + "ec2.describe-instances", B,
   req={"instancesSet": {}, "filterSet": {}}, host="ec2.ap-northeast-1.amazonaws.com")

# suzuki first tries the role whose trust policy enforces sts:RoleSessionName = ${aws:username} (seed 001)
assume_role_pair("s2_suzuki_denied", t("02:44:31"), iam_user("suzuki", LONG_KEYS["suzuki"]), A, B,
                 "CrossAccountReadOnlyNamed", ROLES_B["CrossAccountReadOnlyNamed"], "unknown-user-name",
                 IP_SUZUKI, CLI + "sts.assume-role",
                 denied=f"User: arn:aws:iam::{A}:user/suzuki is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::{B}:role/CrossAccountReadOnlyNamed")
S_AT = t("02:45:10")
S_KEY, _ = assume_role_pair("s2_suzuki_assume", S_AT, iam_user("suzuki", LONG_KEYS["suzuki"]), A, B,
                            "CrossAccountReadOnly", ROLES_B["CrossAccountReadOnly"], "unknown-user-name",
                            IP_SUZUKI, CLI + "sts.assume-role")
S_UI = assumed(B, "CrossAccountReadOnly", ROLES_B["CrossAccountReadOnly"], "unknown-user-name", S_KEY, S_AT)
ct("s2_suzuki_describeinstances", t("02:46:03"), "ec2.amazonaws.com", "DescribeInstances", "ap-northeast-1", S_UI,
   IP_SUZUKI, CLI + "ec2.describe-instances", B, req={"instancesSet": {}, "filterSet": {}},
   host="ec2.ap-northeast-1.amazonaws.com")
ct("s2_suzuki_stopinstances", t("02:47:15"), "ec2.amazonaws.com", "StopInstances", "ap-northeast-1", S_UI,
   IP_SUZUKI, CLI + "ec2.stop-instances", B,
   req={"instancesSet": {"items": [{"instanceId": B_INSTANCE}]}, "force": False},
   error=("Client.UnauthorizedOperation",
          f"You are not authorized to perform this operation. User: arn:aws:sts::{B}:assumed-role/CrossAccountReadOnly/unknown-user-name "
          f"is not authorized to perform: ec2:StopInstances on resource: arn:aws:ec2:ap-northeast-1:{B}:instance/{B_INSTANCE} "
          "because no identity-based policy allows the ec2:StopInstances action. Encoded authorization failure message: "
          + base64.urlsafe_b64encode(R.randbytes(240)).decode().rstrip("=")),
   read_only=False, host="ec2.ap-northeast-1.amazonaws.com")
ct("s2_tanaka_getobject2", t("02:50:44"), "s3.amazonaws.com", "GetObject", "ap-northeast-1", T_UI, IP_TANAKA,
   "[" + CLI + "s3.cp]", B,
   req={"bucketName": "b-reports-apne1", "Host": "b-reports-apne1.s3.ap-northeast-1.amazonaws.com",
        "key": "2026/03/summary.csv"},
   add=s3_add(out=51020.0), resources=bucket_resources(B, "b-reports-apne1", "2026/03/summary.csv"),
   category="Data", host="b-reports-apne1.s3.ap-northeast-1.amazonaws.com", version="1.10")
ct("s2_suzuki_getobject", t("02:52:09"), "s3.amazonaws.com", "GetObject", "ap-northeast-1", S_UI, IP_SUZUKI,
   "[" + CLI + "s3.cp]", B,
   req={"bucketName": "b-reports-apne1", "Host": "b-reports-apne1.s3.ap-northeast-1.amazonaws.com",
        "key": "2026/03/summary.csv"},
   add=s3_add(out=51020.0), resources=bucket_resources(B, "b-reports-apne1", "2026/03/summary.csv"),
   category="Data", host="b-reports-apne1.s3.ap-northeast-1.amazonaws.com", version="1.10")

# a partner account whose own trail is not in the dataset: only B's copy exists (rule 6 gap)
P_AT = t("03:20:00")
P_KEY, _ = assume_role_pair("s2_partner_assume", P_AT,
                            {"type": "IAMUser", "principalId": PARTNER_USER_ID, "accountId": C}, C, B,
                            "CrossAccountReadOnly", ROLES_B["CrossAccountReadOnly"], "partner-audit", IP_PARTNER,
                            CLI + "sts.assume-role", caller_copy=False)
P_UI = assumed(B, "CrossAccountReadOnly", ROLES_B["CrossAccountReadOnly"], "partner-audit", P_KEY, P_AT)
ct("s2_partner_listobjects", t("03:21:13"), "s3.amazonaws.com", "ListObjects", "ap-northeast-1", P_UI, IP_PARTNER,
   "[" + CLI_S3 + "]", B,
   req={"list-type": "2", "bucketName": "b-reports-apne1", "encoding-type": "url", "prefix": "",
        "Host": "b-reports-apne1.s3.ap-northeast-1.amazonaws.com"},
   add=s3_add(out=2960.0), resources=bucket_resources(B, "b-reports-apne1"), category="Data",
   host="b-reports-apne1.s3.ap-northeast-1.amazonaws.com", version="1.10")

# ================================================================= STORY 3: GCP service account -> AWS role session (seed 004)
WEB_ROLE = "kawanago-crosscloud-test"


def web_identity(label, when, sa_id, session, ip, ua, region, host):
    key = rid("ASIA", 16)
    ui = {"type": "WebIdentityUser", "principalId": f"accounts.google.com:{sa_id}:{sa_id}", "userName": sa_id,
          "identityProvider": "accounts.google.com"}
    req = {"roleArn": f"arn:aws:iam::{A}:role/{WEB_ROLE}", "roleSessionName": session, "durationSeconds": 900}
    resp = {"credentials": {"accessKeyId": key, "sessionToken": session_token(),
                            "expiration": expiration(when + dt.timedelta(seconds=900))},
            "subjectFromWebIdentityToken": sa_id,
            "assumedRoleUser": {"assumedRoleId": f"{ROLES_A[WEB_ROLE]}:{session}",
                                "arn": f"arn:aws:sts::{A}:assumed-role/{WEB_ROLE}/{session}"},
            "provider": "accounts.google.com", "audience": sa_id}
    ct(label, when, "sts.amazonaws.com", "AssumeRoleWithWebIdentity", region, ui, ip, ua, A, req=req, resp=resp,
       add={"identityProviderConnectionVerificationMethod": "IAMTrustStore"},
       resources=role_resource(A, WEB_ROLE), host=host)
    web = {"federatedProvider": "accounts.google.com",
           "attributes": {"accounts.google.com:aud": sa_id, "accounts.google.com:oaud": "kawanago-crosscloud-test",
                          "accounts.google.com:sub": sa_id}}
    return assumed(A, WEB_ROLE, ROLES_A[WEB_ROLE], session, key, when, web=web)


G1_AT = t("06:00:09")
G1_UI = web_identity("s3_sa1_web_identity", G1_AT, SA1_ID, "gcp-sa1-session", IP_ALICE,
                     CLI + "sts.assume-role-with-web-identity", "us-east-1", "sts.amazonaws.com")
ct("s3_sa1_getcalleridentity", t("06:00:15"), "sts.amazonaws.com", "GetCallerIdentity", "us-east-1", G1_UI,
   IP_ALICE, CLI + "sts.get-caller-identity", A, host="sts.amazonaws.com")
ct("s3_sa1_listbuckets", t("06:00:41"), "s3.amazonaws.com", "ListBuckets", "us-east-1", G1_UI, IP_ALICE,
   "[" + CLI_S3 + "]", A, req={"Host": "s3.amazonaws.com"}, add=s3_add(data=False), host="s3.amazonaws.com")
ct("s3_sa1_listobjects", t("06:01:30"), "s3.amazonaws.com", "ListObjects", "ap-northeast-1", G1_UI, IP_ALICE,
   "[" + CLI_S3 + "]", A,
   req={"list-type": "2", "bucketName": "kawanago-crosscloud-test-bucket", "encoding-type": "url", "prefix": "",
        "delimiter": "/", "Host": "kawanago-crosscloud-test-bucket.s3.ap-northeast-1.amazonaws.com"},
   add=s3_add(out=734.0), resources=bucket_resources(A, "kawanago-crosscloud-test-bucket"), category="Data",
   host="kawanago-crosscloud-test-bucket.s3.ap-northeast-1.amazonaws.com", version="1.10")
ct("s3_sa1_putobject_denied", t("06:02:02"), "s3.amazonaws.com", "PutObject", "ap-northeast-1", G1_UI, IP_ALICE,
   "[" + CLI + "s3.cp]", A,
   req={"bucketName": "kawanago-crosscloud-test-bucket", "Host": "kawanago-crosscloud-test-bucket.s3.ap-northeast-1.amazonaws.com",
        "key": "from-gcp/hello.txt"},
   add=s3_add(inn=12.0), resources=bucket_resources(A, "kawanago-crosscloud-test-bucket", "from-gcp/hello.txt"),
   error=("AccessDenied", "Access Denied"), read_only=False, category="Data",
   host="kawanago-crosscloud-test-bucket.s3.ap-northeast-1.amazonaws.com", version="1.10")

G2_AT = t("06:30:00")
G2_UI = web_identity("s3_sa2_web_identity", G2_AT, SA2_ID, "gcp-sa2-session", IP_GCE_WORKLOAD, BOTO,
                     "ap-northeast-1", "sts.ap-northeast-1.amazonaws.com")
ct("s3_sa2_getobject", t("06:30:02"), "s3.amazonaws.com", "GetObject", "ap-northeast-1", G2_UI, IP_GCE_WORKLOAD,
   "[" + BOTO + "]", A,
   req={"bucketName": "kawanago-crosscloud-test-bucket", "Host": "kawanago-crosscloud-test-bucket.s3.ap-northeast-1.amazonaws.com",
        "key": "input/batch-0310.json"},
   add=s3_add(out=20417.0), resources=bucket_resources(A, "kawanago-crosscloud-test-bucket", "input/batch-0310.json"),
   category="Data", host="kawanago-crosscloud-test-bucket.s3.ap-northeast-1.amazonaws.com", version="1.10")
ct("s3_sa2_putobject", t("06:30:05"), "s3.amazonaws.com", "PutObject", "ap-northeast-1", G2_UI, IP_GCE_WORKLOAD,
   "[" + BOTO + "]", A,
   req={"bucketName": "kawanago-crosscloud-test-bucket", "Host": "kawanago-crosscloud-test-bucket.s3.ap-northeast-1.amazonaws.com",
        "key": "output/batch-0310.json"},
   add=s3_add(inn=3390.0), resources=bucket_resources(A, "kawanago-crosscloud-test-bucket", "output/batch-0310.json"),
   read_only=False, category="Data",
   host="kawanago-crosscloud-test-bucket.s3.ap-northeast-1.amazonaws.com", version="1.10")

# ================================================================= STORY 4 (AWS side) + EC2 instance profile
E_AT = t("07:15:00")
E_KEY = rid("ASIA", 16)
ct("s4_ec2_instance_assume", E_AT, "sts.amazonaws.com", "AssumeRole", "ap-northeast-1",
   {"type": "AWSService", "invokedBy": "ec2.amazonaws.com"}, "ec2.amazonaws.com", "ec2.amazonaws.com", A,
   req={"roleArn": f"arn:aws:iam::{A}:role/batch-worker-role", "roleSessionName": INSTANCE_ID},
   resp={"credentials": {"accessKeyId": E_KEY, "sessionToken": session_token(),
                         "expiration": expiration(E_AT + dt.timedelta(hours=6, minutes=12, seconds=31))}},
   resources=role_resource(A, "batch-worker-role"), shared=uid())
E_UI = assumed(A, "batch-worker-role", ROLES_A["batch-worker-role"], INSTANCE_ID, E_KEY, E_AT, ec2="2.0")
ct("n_ec2_describetags", t("07:20:14"), "ec2.amazonaws.com", "DescribeTags", "ap-northeast-1", E_UI, IP_EC2,
   BOTO.replace("6.1.0-31-cloud-amd64", "6.1.128-136.201.amzn2023.x86_64"), A,
   req={"filterSet": {"items": [{"name": "resource-id", "valueSet": {"items": [{"value": INSTANCE_ID}]}}]}},
   host="ec2.ap-northeast-1.amazonaws.com")
ct("n_ec2_putobject", t("07:22:51"), "s3.amazonaws.com", "PutObject", "ap-northeast-1", E_UI, IP_EC2,
   "[" + BOTO.replace("6.1.0-31-cloud-amd64", "6.1.128-136.201.amzn2023.x86_64") + "]", A,
   req={"bucketName": "batch-worker-output-apne1", "Host": "batch-worker-output-apne1.s3.ap-northeast-1.amazonaws.com",
        "key": "runs/2026-03-10/part-0000.parquet"},
   add=s3_add(inn=884120.0), resources=bucket_resources(A, "batch-worker-output-apne1", "runs/2026-03-10/part-0000.parquet"),
   read_only=False, category="Data", host="batch-worker-output-apne1.s3.ap-northeast-1.amazonaws.com", version="1.10")
ct("n_ec2_ssm_updateinstanceinformation", t("07:40:02"), "ssm.amazonaws.com", "UpdateInstanceInformation",
   "ap-northeast-1", E_UI, IP_EC2, "aws-sdk-go/1.55.6 (go1.23.4; linux; amd64) amazon-ssm-agent/3.3.1802.0", A,
   req={"instanceId": INSTANCE_ID, "agentVersion": "3.3.1802.0", "agentStatus": "Active",
        "platformType": "Linux", "platformName": "Amazon Linux", "platformVersion": "2023", "iPAddress": "10.0.12.41",
        "computerName": "ip-10-0-12-41.ap-northeast-1.compute.internal", "agentName": "amazon-ssm-agent",
        "availabilityZone": "ap-northeast-1a", "availabilityZoneId": "apne1-az4"},
   read_only=False, host="ssm.ap-northeast-1.amazonaws.com")

ct("s4_ci_getcalleridentity", t("07:59:58"), "sts.amazonaws.com", "GetCallerIdentity", "us-east-1",
   iam_user("ci-deployer", LONG_KEYS["ci-deployer"]), IP_CI, BOTO.replace("6.1.0-31-cloud-amd64", "6.8.0-1021-azure"),
   A, host="sts.amazonaws.com")
R1_AT = t("08:00:00")
R1_KEY, _ = assume_role_pair("s4_role1_assume", R1_AT, iam_user("ci-deployer", LONG_KEYS["ci-deployer"]), A, A,
                             "kawanago-crosscloud-test-aws-1", ROLES_A["kawanago-crosscloud-test-aws-1"],
                             "aws-role1-test", IP_CI, BOTO.replace("6.1.0-31-cloud-amd64", "6.8.0-1021-azure"),
                             duration=None)
R2_AT = t("08:40:00")
R2_KEY, _ = assume_role_pair("s4_role2_assume", R2_AT, E_UI, A, A,
                             "kawanago-crosscloud-test-aws-2", ROLES_A["kawanago-crosscloud-test-aws-2"],
                             "aws-role2-test", IP_EC2, BOTO.replace("6.1.0-31-cloud-amd64", "6.1.128-136.201.amzn2023.x86_64"),
                             duration=None, region="ap-northeast-1", host="sts.ap-northeast-1.amazonaws.com")

# ================================================================= AWS noise: console user sato, IAM CreateUser in us-east-1
ct("n_sato_login_failed", t("01:29:40"), "signin.amazonaws.com", "ConsoleLogin", "us-east-1",
   {"type": "IAMUser", "principalId": USERS["sato"], "accountId": A, "accessKeyId": "", "userName": "sato"},
   IP_SATO, CHROME, A, resp={"ConsoleLogin": "Failure"},
   add={"LoginTo": "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_0d9e2a61f4b8c357",
        "MobileVersion": "No", "MFAUsed": "No"},
   error=None, read_only=False, event_type="AwsConsoleSignIn", request_id=False, host="signin.aws.amazon.com")
AWS[-1][1]["errorMessage"] = "Failed authentication"   # sign-in failures carry errorMessage only
ct("n_sato_login", t("01:30:02"), "signin.amazonaws.com", "ConsoleLogin", "us-east-1",
   {"type": "IAMUser", "principalId": USERS["sato"], "arn": f"arn:aws:iam::{A}:user/sato", "accountId": A,
    "accessKeyId": "", "userName": "sato"},
   IP_SATO, CHROME, A, resp={"ConsoleLogin": "Success"},
   add={"LoginTo": "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_0d9e2a61f4b8c357",
        "MobileVersion": "No", "MFAUsed": "No"},
   read_only=False, event_type="AwsConsoleSignIn", request_id=False, host="signin.aws.amazon.com")
SATO_CONSOLE_KEY = rid("ASIA", 16)
SATO_UI = iam_user("sato", SATO_CONSOLE_KEY, console_created=t("01:30:02"))
ct("n_sato_createuser", t("01:32:18"), "iam.amazonaws.com", "CreateUser", "us-east-1", SATO_UI, IP_SATO,
   "AWS Internal", A, req={"userName": "intern-2026", "tags": []},
   resp={"user": {"path": "/", "userName": "intern-2026", "userId": rid("AIDA", 17),
                  "arn": f"arn:aws:iam::{A}:user/intern-2026", "createDate": "Mar 10, 2026, 1:32:18 AM"}},
   read_only=False, console=True, host="iam.amazonaws.com")
ct("n_sato_attachuserpolicy", t("01:32:41"), "iam.amazonaws.com", "AttachUserPolicy", "us-east-1", SATO_UI, IP_SATO,
   "AWS Internal", A, req={"userName": "intern-2026", "policyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"},
   read_only=False, console=True, host="iam.amazonaws.com")
ct("n_sato_describeinstances", t("01:35:07"), "ec2.amazonaws.com", "DescribeInstances", "ap-northeast-1", SATO_UI,
   IP_SATO, "AWS Internal", A, req={"instancesSet": {}, "filterSet": {}, "includeAllInstances": False},
   console=True, host="ec2.ap-northeast-1.amazonaws.com")
ct("n_sato_describesecuritygroups", t("01:35:09"), "ec2.amazonaws.com", "DescribeSecurityGroups", "ap-northeast-1",
   SATO_UI, IP_SATO, "AWS Internal", A, req={"securityGroupSet": {}, "securityGroupIdSet": {}, "filterSet": {}},
   console=True, host="ec2.ap-northeast-1.amazonaws.com")
ct("n_sato_runinstances_denied", t("01:37:55"), "ec2.amazonaws.com", "RunInstances", "ap-northeast-1", SATO_UI,
   IP_SATO, "AWS Internal", A,
   req={"instancesSet": {"items": [{"imageId": "ami-0f1e2d3c4b5a69788", "minCount": 1, "maxCount": 1}]},
        "instanceType": "m7i.4xlarge", "blockDeviceMapping": {}, "monitoring": {"enabled": False},
        "disableApiTermination": False, "disableApiStop": False},
   error=("Client.UnauthorizedOperation",
          f"You are not authorized to perform this operation. User: arn:aws:iam::{A}:user/sato is not authorized to perform: "
          f"ec2:RunInstances on resource: arn:aws:ec2:ap-northeast-1:{A}:instance/* with an explicit deny in a service control policy. "
          "Encoded authorization failure message: " + base64.urlsafe_b64encode(R.randbytes(210)).decode().rstrip("=")),
   read_only=False, console=True, host="ec2.ap-northeast-1.amazonaws.com")

# account B's own admin, and the CI user's ordinary deploy calls
ct("n_badmin_login", t("04:02:10"), "signin.amazonaws.com", "ConsoleLogin", "us-east-1",
   {"type": "IAMUser", "principalId": B_ADMIN_ID, "arn": f"arn:aws:iam::{B}:user/b-admin", "accountId": B,
    "accessKeyId": "", "userName": "b-admin"},
   "192.0.2.77", CHROME, B, resp={"ConsoleLogin": "Success"},
   add={"LoginTo": "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_91c0de2b7a4f6e35",
        "MobileVersion": "No", "MFAIdentifier": f"arn:aws:iam::{B}:mfa/b-admin-yubikey", "MFAUsed": "Yes"},
   read_only=False, event_type="AwsConsoleSignIn", request_id=False, host="signin.aws.amazon.com")
BADMIN_UI = {"type": "IAMUser", "principalId": B_ADMIN_ID, "arn": f"arn:aws:iam::{B}:user/b-admin", "accountId": B,
             "accessKeyId": rid("ASIA", 16), "userName": "b-admin",
             "sessionContext": {"sessionIssuer": {}, "webIdFederationData": {},
                                "attributes": {"creationDate": iso(t("04:02:10")), "mfaAuthenticated": "true"}}}
ct("n_badmin_listroles", t("04:03:01"), "iam.amazonaws.com", "ListRoles", "us-east-1", BADMIN_UI, "192.0.2.77",
   "AWS Internal", B, req={"maxItems": 1000}, console=True, host="iam.amazonaws.com")
ct("n_badmin_getrole", t("04:03:07"), "iam.amazonaws.com", "GetRole", "us-east-1", BADMIN_UI, "192.0.2.77",
   "AWS Internal", B, req={"roleName": "CrossAccountReadOnly"}, console=True, host="iam.amazonaws.com")
ct("n_badmin_describevpcs", t("04:05:33"), "ec2.amazonaws.com", "DescribeVpcs", "ap-northeast-1", BADMIN_UI,
   "192.0.2.77", "AWS Internal", B, req={"vpcSet": {}, "filterSet": {}}, console=True,
   host="ec2.ap-northeast-1.amazonaws.com")
ct("n_cloudtrail_getbucketacl", t("04:10:00"), "s3.amazonaws.com", "GetBucketAcl", "us-east-1",
   {"type": "AWSService", "invokedBy": "cloudtrail.amazonaws.com"}, "cloudtrail.amazonaws.com",
   "cloudtrail.amazonaws.com", A,
   req={"bucketName": "org-cloudtrail-logs-111111111111", "Host": "org-cloudtrail-logs-111111111111.s3.us-east-1.amazonaws.com", "acl": ""},
   add=s3_add(data=False), resources=bucket_resources(A, "org-cloudtrail-logs-111111111111")[1:], shared=uid())
CI_UA = BOTO.replace("6.1.0-31-cloud-amd64", "6.8.0-1021-azure")
ct("n_ci_describestacks", t("07:55:21"), "cloudformation.amazonaws.com", "DescribeStacks", "ap-northeast-1",
   iam_user("ci-deployer", LONG_KEYS["ci-deployer"]), IP_CI, CI_UA, A, req={"stackName": "report-api-prod"},
   host="cloudformation.ap-northeast-1.amazonaws.com")
ct("n_ci_updatefunctioncode", t("07:56:02"), "lambda.amazonaws.com", "UpdateFunctionCode20150331v2", "ap-northeast-1",
   iam_user("ci-deployer", LONG_KEYS["ci-deployer"]), IP_CI, CI_UA, A,
   req={"functionName": "report-api-prod-handler", "publish": True, "dryRun": False},
   resp={"functionName": "report-api-prod-handler",
         "functionArn": f"arn:aws:lambda:ap-northeast-1:{A}:function:report-api-prod-handler:57",
         "runtime": "python3.12", "handler": "app.handler", "codeSize": 2214830, "version": "57",
         "lastModified": "2026-03-10T07:56:02.418+0000", "state": "Pending", "lastUpdateStatus": "InProgress"},
   read_only=False, host="lambda.ap-northeast-1.amazonaws.com", version="1.09")

# ---------------------------------------------------------------- GCP entry helpers
GCP = []   # (label, entry)


def gl(label, when, kind, auth, service, method, resource_name, request, resource, ip, ua, authz,
       response=None, metadata=None, status=None, severity=None, locations=None):
    payload = {"@type": "type.googleapis.com/google.cloud.audit.AuditLog"}
    if kind == "data_access" or status is not None:
        payload["status"] = status if status is not None else {}
    payload["authenticationInfo"] = auth
    payload["requestMetadata"] = {"callerIp": ip, "callerSuppliedUserAgent": ua,
                                  "requestAttributes": {"time": iso_nanos(when - dt.timedelta(microseconds=R.randint(800, 9000))), "auth": {}},
                                  "destinationAttributes": {}}
    payload["serviceName"] = service
    payload["methodName"] = method
    payload["authorizationInfo"] = authz
    payload["resourceName"] = resource_name
    if locations:
        payload["resourceLocation"] = {"currentLocations": locations}
    payload["request"] = request
    if response is not None:
        payload["response"] = response
    if metadata is not None:
        payload["metadata"] = metadata
    receive = when + dt.timedelta(microseconds=R.randint(150000, 950000))
    entry = {"protoPayload": payload, "insertId": insert_id(), "resource": resource,
             "timestamp": iso_nanos(when, str(R.randint(100, 999))),
             "severity": severity or ("INFO" if kind == "data_access" else "NOTICE"),
             "logName": f"projects/{PROJECT}/logs/cloudaudit.googleapis.com%2F{kind}",
             "receiveTimestamp": iso_nanos(receive, str(R.randint(100, 999)))}
    GCP.append((label, entry))
    return entry


def sa_resource(email, unique_id):
    return {"type": "service_account", "labels": {"email_id": email, "project_id": PROJECT, "unique_id": unique_id}}


def bucket_res(bucket):
    return {"type": "gcs_bucket", "labels": {"bucket_name": bucket, "location": "asia-northeast1", "project_id": PROJECT}}


def storage_call(label, when, auth, method, bucket, obj, ip, ua, perm, ptype):
    name = f"projects/_/buckets/{bucket}" + (f"/objects/{obj}" if obj else "")
    return gl(label, when, "data_access", auth, "storage.googleapis.com", method, name, {}, bucket_res(bucket), ip, ua,
              [{"resource": name, "permission": perm, "granted": True, "resourceAttributes": {}, "permissionType": ptype}],
              locations=["asia-northeast1"])


def topic_call(label, when, auth, topic, ip, ua):
    name = f"projects/{PROJECT}/topics/{topic}"
    return gl(label, when, "activity", auth, "pubsub.googleapis.com", "google.pubsub.v1.Publisher.CreateTopic", name,
              {"@type": "type.googleapis.com/google.pubsub.v1.Topic", "name": name},
              {"type": "pubsub_topic", "labels": {"project_id": PROJECT, "topic_id": name}}, ip, ua,
              [{"resource": f"projects/{PROJECT}", "permission": "pubsub.topics.create", "granted": True,
                "resourceAttributes": {}, "permissionType": "ADMIN_WRITE"}],
              response={"@type": "type.googleapis.com/google.pubsub.v1.Topic", "name": name,
                        "messageStoragePolicy": {"allowedPersistenceRegions": ["asia-northeast1"]}})


# ================================================================= STORY 3 (GCP side): alice mints SA1's ID token
gl("g3_alice_generateidtoken", t("06:00:03", 204187), "data_access", {"principalEmail": "alice@example.com"},
   "iamcredentials.googleapis.com", "GenerateIdToken", f"projects/-/serviceAccounts/{SA1_ID}",
   {"@type": "type.googleapis.com/google.iam.credentials.v1.GenerateIdTokenRequest",
    "name": f"projects/-/serviceAccounts/{SA1}", "audience": "kawanago-crosscloud-test"},
   sa_resource(SA1, SA1_ID), IP_ALICE, GCLOUD.format("auth.print-identity-token", uid()),
   [{"resource": f"projects/-/serviceAccounts/{SA1_ID}", "permission": "iam.serviceAccounts.getOpenIdToken",
     "granted": True, "resourceAttributes": {}, "permissionType": "ADMIN_READ"}])
gl("n_alice_listserviceaccounts", t("05:58:40", 551902), "data_access", {"principalEmail": "alice@example.com"},
   "iam.googleapis.com", "google.iam.admin.v1.ListServiceAccounts", f"projects/{PROJECT}",
   {"@type": "type.googleapis.com/google.iam.admin.v1.ListServiceAccountsRequest", "name": f"projects/{PROJECT}"},
   {"type": "service_account", "labels": {"email_id": "", "project_id": PROJECT, "unique_id": ""}}, IP_ALICE,
   GCLOUD.format("iam.service-accounts.list", uid()),
   [{"resource": f"projects/{PROJECT}", "permission": "iam.serviceAccounts.list", "granted": True,
     "resourceAttributes": {}, "permissionType": "ADMIN_READ"}])

# ================================================================= STORY 4 (GCP side): AWS role sessions -> target SA


def federated(session_arn):
    return f"principal://iam.googleapis.com/{POOL_PATH}/subject/{session_arn}"


PY_UA = "python-requests/2.32.3,gzip(gfe)"
GOOGLE_AUTH_UA = "gl-python/3.12.9 auth/2.38.0 auth-request-type/at cred-type/imp,gzip(gfe)"
PY_STORAGE_UA = "gcloud-python/3.1.0 gl-python/3.12.9 grpc/1.70.0 gax/2.24.1 gccl/3.1.0,gzip(gfe)"


def aws_to_gcp(prefix, session, at, ip, calls):
    arn = f"arn:aws:sts::{A}:assumed-role/{session[0]}/{session[1]}"
    fed = federated(arn)
    provider = f"{POOL_PATH}/providers/{PROVIDER}"
    gl(prefix + "_exchangetoken", at, "data_access", {"principalSubject": arn}, "sts.googleapis.com",
       "google.identity.sts.v1.SecurityTokenService.ExchangeToken", provider,
       {"@type": "type.googleapis.com/google.identity.sts.v1.ExchangeTokenRequest",
        "audience": f"//iam.googleapis.com/{provider}",
        "grantType": "urn:ietf:params:oauth:grant-type:token-exchange",
        "requestedTokenType": "urn:ietf:params:oauth:token-type:access_token",
        "subjectTokenType": "urn:ietf:params:aws:token-type:aws4_request",
        "scope": "https://www.googleapis.com/auth/cloud-platform"},
       {"type": "audited_resource", "labels": {"service": "sts.googleapis.com", "project_id": PROJECT,
                                               "method": "google.identity.sts.v1.SecurityTokenService.ExchangeToken"}},
       ip, PY_UA, [{"permission": "sts.identityProviders.checkLogging", "permissionType": "ADMIN_READ"}],
       metadata={"@type": "type.googleapis.com/google.identity.sts.v1.AuditData", "mapped_principal": fed})
    gl(prefix + "_generateaccesstoken", at + dt.timedelta(milliseconds=1130), "data_access", {"principalSubject": fed},
       "iamcredentials.googleapis.com", "GenerateAccessToken", f"projects/-/serviceAccounts/{TARGET_ID}",
       {"@type": "type.googleapis.com/google.iam.credentials.v1.GenerateAccessTokenRequest",
        "name": f"projects/-/serviceAccounts/{TARGET}", "scope": ["https://www.googleapis.com/auth/cloud-platform"],
        "lifetime": "3600s"},
       sa_resource(TARGET, TARGET_ID), ip, GOOGLE_AUTH_UA,
       [{"resource": f"projects/-/serviceAccounts/{TARGET_ID}", "permission": "iam.serviceAccounts.getAccessToken",
         "granted": True, "resourceAttributes": {}, "permissionType": "ADMIN_READ"}])
    auth = {"principalEmail": TARGET, "serviceAccountDelegationInfo": [{"principalSubject": fed}]}
    for label, when, what, arg in calls:
        if what == "topic":
            topic_call(prefix + "_" + label, when, auth, arg, ip, PY_STORAGE_UA)
        else:
            method, obj, perm, ptype = what
            storage_call(prefix + "_" + label, when, auth, method, "kawanago-cc-test-bucket", obj, ip, PY_STORAGE_UA,
                         perm, ptype)


aws_to_gcp("g4_role1", ("kawanago-crosscloud-test-aws-1", "aws-role1-test"), t("08:00:04", 318250), IP_CI, [
    ("objects_list", t("08:00:30", 90412), ("storage.objects.list", None, "storage.objects.list", "DATA_READ"), None),
    ("createtopic", t("08:01:10", 774310), "topic", "cc-test-topic-role1"),
])
aws_to_gcp("g4_role2", ("kawanago-crosscloud-test-aws-2", "aws-role2-test"), t("08:40:03", 52701), IP_EC2, [
    ("objects_create", t("08:40:20", 418822), ("storage.objects.create", "from-aws/role2/run-0310.json", "storage.objects.create", "DATA_WRITE"), None),
    ("createtopic", t("08:41:00", 160095), "topic", "cc-test-topic-role2"),
    ("objects_list", t("08:41:30", 902113), ("storage.objects.list", None, "storage.objects.list", "DATA_READ"), None),
])

# ================================================================= GCP noise
BOB_UA = GCLOUD.replace("MACOSX", "LINUX").replace("24.3.0", "6.8.0-52-generic")
gl("n_bob_instances_insert", t("03:05:12", 339871), "activity", {"principalEmail": "bob@example.com"},
   "compute.googleapis.com", "v1.compute.instances.insert",
   f"projects/{PROJECT}/zones/asia-northeast1-b/instances/batch-runner-3",
   {"@type": "type.googleapis.com/compute.instances.insert", "name": "batch-runner-3",
    "machineType": f"projects/{PROJECT}/zones/asia-northeast1-b/machineTypes/e2-standard-4",
    "serviceAccounts": [{"email": COMPUTE_SA, "scopes": ["https://www.googleapis.com/auth/cloud-platform"]}]},
   {"type": "gce_instance", "labels": {"instance_id": "5820391746283017462", "project_id": PROJECT,
                                       "zone": "asia-northeast1-b"}},
   IP_BOB, BOB_UA.format("compute.instances.create", uid()),
   [{"permission": "compute.instances.create", "granted": True,
     "resourceAttributes": {"service": "compute", "name": f"projects/{PROJECT}/zones/asia-northeast1-b/instances/batch-runner-3",
                            "type": "compute.instances"}, "permissionType": "ADMIN_WRITE"},
    {"permission": "iam.serviceAccounts.actAs", "granted": True,
     "resourceAttributes": {"name": f"projects/{PROJECT}/serviceAccounts/{COMPUTE_SA}"}, "permissionType": "ADMIN_WRITE"}],
   response={"@type": "type.googleapis.com/operation", "id": "4471963200155802011",
             "name": "operation-1773111912339-63f1c2a0b8e11-4c1d2e3f-9a8b7c6d", "operationType": "insert",
             "status": "RUNNING", "user": "bob@example.com", "zone": f"https://www.googleapis.com/compute/v1/projects/{PROJECT}/zones/asia-northeast1-b"})
GCP[-1][1]["operation"] = {"id": "operation-1773111912339-63f1c2a0b8e11-4c1d2e3f-9a8b7c6d",
                           "producer": "compute.googleapis.com", "first": True}
gl("n_bob_setiampolicy_denied", t("03:07:44", 120554), "activity", {"principalEmail": "bob@example.com"},
   "cloudresourcemanager.googleapis.com", "SetIamPolicy", f"projects/{PROJECT}",
   {"@type": "type.googleapis.com/google.iam.v1.SetIamPolicyRequest", "resource": PROJECT,
    "policy": {"bindings": [{"role": "roles/owner", "members": ["user:bob@example.com"]}],
               "etag": "BwYNtE3vG0s="}},
   {"type": "project", "labels": {"project_id": PROJECT}}, IP_BOB,
   BOB_UA.format("projects.add-iam-policy-binding", uid()),
   [{"resource": f"projects/{PROJECT}", "permission": "resourcemanager.projects.setIamPolicy", "granted": False,
     "resourceAttributes": {}, "permissionType": "ADMIN_WRITE"}],
   status={"code": 7, "message": "PERMISSION_DENIED"}, severity="ERROR")
gl("n_bob_buckets_create", t("03:10:29", 807713), "activity", {"principalEmail": "bob@example.com"},
   "storage.googleapis.com", "storage.buckets.create", "projects/_/buckets/my-gcp-project-scratch-0310",
   {"@type": "type.googleapis.com/storage.buckets.create", "defaultObjectAcl": {}},
   bucket_res("my-gcp-project-scratch-0310"), IP_BOB, BOB_UA.format("storage.buckets.create", uid()),
   [{"resource": "projects/_/buckets/my-gcp-project-scratch-0310", "permission": "storage.buckets.create",
     "granted": True, "resourceAttributes": {}, "permissionType": "ADMIN_WRITE"}],
   locations=["asia-northeast1"])
storage_call("n_bob_objects_get", t("03:12:40", 270981), {"principalEmail": "bob@example.com"}, "storage.objects.get",
             "my-gcp-project-scratch-0310", "notes/setup.md", IP_BOB, BOB_UA.format("storage.cp", uid()),
             "storage.objects.get", "DATA_READ")
gl("n_bob_instances_list", t("03:04:58", 913004), "data_access", {"principalEmail": "bob@example.com"},
   "compute.googleapis.com", "v1.compute.instances.list", f"projects/{PROJECT}/zones/asia-northeast1-b/instances",
   {"@type": "type.googleapis.com/compute.instances.list"},
   {"type": "gce_instance", "labels": {"instance_id": "", "project_id": PROJECT, "zone": "asia-northeast1-b"}},
   IP_BOB, BOB_UA.format("compute.instances.list", uid()),
   [{"permission": "compute.instances.list", "granted": True,
     "resourceAttributes": {"service": "resourcemanager", "name": f"projects/{PROJECT}", "type": "resourcemanager.projects"},
     "permissionType": "ADMIN_READ"}])
GCE_UA = "gcloud-golang-storage/1.50.0 gl-go/1.23.4 gccl/1.50.0,gzip(gfe)"
for label, when, method, obj, perm, ptype in [
        ("n_gce_objects_get1", t("04:12:07", 5531), "storage.objects.get", "config/batch.yaml", "storage.objects.get", "DATA_READ"),
        ("n_gce_objects_get2", t("04:12:08", 114120), "storage.objects.get", "input/2026-03-10.csv", "storage.objects.get", "DATA_READ"),
        ("n_gce_objects_create", t("04:19:53", 640007), "storage.objects.create", "output/2026-03-10.parquet", "storage.objects.create", "DATA_WRITE")]:
    storage_call(label, when, {"principalEmail": COMPUTE_SA}, method, "my-gcp-project-batch", obj, "203.0.113.210",
                 GCE_UA, perm, ptype)
KEY_NAME = f"//iam.googleapis.com/projects/{PROJECT}/serviceAccounts/{UPLOADER}/keys/{UPLOADER_KEY}"
for label, when, method, obj, perm, ptype in [
        ("n_key_objects_create", t("04:30:11", 702210), "storage.objects.create", "reports/2026-03-10.pdf", "storage.objects.create", "DATA_WRITE"),
        ("n_key_objects_list", t("04:30:12", 10554), "storage.objects.list", None, "storage.objects.list", "DATA_READ")]:
    storage_call(label, when, {"principalEmail": UPLOADER, "serviceAccountKeyName": KEY_NAME}, method,
                 "my-gcp-project-reports", obj, IP_UPLOADER, "gcloud-python/2.19.0 gl-python/3.9.21 gccl/2.19.0,gzip(gfe)",
                 perm, ptype)

# ---------------------------------------------------------------- write AWS trail files
OUT_AWS = os.path.join(HERE, "aws")
OUT_GCP = os.path.join(HERE, "gcp")
OUT_DIR = os.path.join(HERE, "directory")

# delivery slot (minutes after the event) per label; default 5..14 min. Some deliveries are late on purpose,
# so files do not arrive in event order (tanaka's role-owner copy lands in the file with suzuki's events).
LATE = {"s2_tanaka_assume_B": 45, "s1_switch": 38, "s3_sa1_web_identity": 21, "s4_ec2_instance_assume": 52}
files = {}
for label, rec in AWS:
    when = dt.datetime.strptime(rec["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    delay = LATE.get(label, R.randint(5, 14))
    slot = when + dt.timedelta(minutes=delay)
    slot = slot.replace(minute=slot.minute - slot.minute % 5, second=0)
    files.setdefault((rec["recipientAccountId"], rec["awsRegion"], slot), []).append(rec)

ALNUM = string.ascii_letters + string.digits
written_aws = []
for (acct, region, slot), recs in sorted(files.items()):
    R.shuffle(recs)
    d = os.path.join(OUT_AWS, "AWSLogs", acct, "CloudTrail", region, slot.strftime("%Y/%m/%d"))
    os.makedirs(d, exist_ok=True)
    name = f"{acct}_CloudTrail_{region}_{slot.strftime('%Y%m%dT%H%MZ')}_{''.join(R.choice(ALNUM) for _ in range(16))}.json.gz"
    raw = json.dumps({"Records": recs}, separators=(",", ":")).encode()
    with open(os.path.join(d, name), "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(raw)
    times = sorted(r["eventTime"] for r in recs)
    written_aws.append((acct, region, slot, os.path.relpath(os.path.join(d, name), OUT_AWS), raw, times))

# one digest file for account A, us-east-1 (readers must skip CloudTrail-Digest/)
d_start, d_end = t("05:40:41"), t("06:40:41")
covered = [w for w in written_aws if w[0] == A and w[1] == "us-east-1" and d_start <= w[2] < d_end]
digest_key = f"AWSLogs/{A}/CloudTrail-Digest/us-east-1/2026/03/10/{A}_CloudTrail-Digest_us-east-1_main-trail_us-east-1_{d_end.strftime('%Y%m%dT%H%M%SZ')}.json.gz"
prev_key = f"AWSLogs/{A}/CloudTrail-Digest/us-east-1/2026/03/10/{A}_CloudTrail-Digest_us-east-1_main-trail_us-east-1_{d_start.strftime('%Y%m%dT%H%M%SZ')}.json.gz"
digest = {
    "awsAccountId": A, "digestStartTime": iso(d_start), "digestEndTime": iso(d_end),
    "digestS3Bucket": "org-cloudtrail-logs-111111111111", "digestS3Object": digest_key,
    "digestPublicKeyFingerprint": R.randbytes(16).hex(), "digestSignatureAlgorithm": "SHA256withRSA",
    "newestEventTime": max(x for w in covered for x in w[5]) if covered else None,
    "oldestEventTime": min(x for w in covered for x in w[5]) if covered else None,
    "previousDigestS3Bucket": "org-cloudtrail-logs-111111111111", "previousDigestS3Object": prev_key,
    "previousDigestHashValue": R.randbytes(32).hex(), "previousDigestHashAlgorithm": "SHA-256",
    "previousDigestSignature": R.randbytes(256).hex(),
    "logFiles": [{"s3Bucket": "org-cloudtrail-logs-111111111111", "s3Object": w[3],
                  "hashValue": hashlib.sha256(w[4]).hexdigest(), "hashAlgorithm": "SHA-256",
                  "newestEventTime": w[5][-1], "oldestEventTime": w[5][0]} for w in covered],
}
dpath = os.path.join(OUT_AWS, digest_key)
os.makedirs(os.path.dirname(dpath), exist_ok=True)
with open(dpath, "wb") as f:
    with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
        g.write(json.dumps(digest, separators=(",", ":")).encode())

# ---------------------------------------------------------------- write GCP sink files
gfiles = {}
for label, e in GCP:
    kind = e["logName"].split("%2F")[1]
    hour = e["timestamp"][11:13]
    gfiles.setdefault((kind, e["timestamp"][:10], hour), []).append(e)
for (kind, day, hour), entries in sorted(gfiles.items()):
    R.shuffle(entries)
    d = os.path.join(OUT_GCP, "cloudaudit.googleapis.com", kind, day.replace("-", "/"))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"{hour}:00:00_{hour}:59:59_S0.json"), "w") as f:
        for e in entries:
            f.write(json.dumps(e, separators=(",", ":")) + "\n")

# ---------------------------------------------------------------- directory files
os.makedirs(OUT_DIR, exist_ok=True)


def etag():
    return base64.b64encode(R.randbytes(6)).decode()


sas = [
    (SA1, SA1_ID, "kawanago-crosscloud-test-1", "GCP -> AWS federation test SA 1"),
    (SA2, SA2_ID, "kawanago-crosscloud-test-2", "GCP -> AWS federation test SA 2 (attached to batch VM)"),
    (TARGET, TARGET_ID, "kawanago-cc-test-target", "AWS -> GCP federation target"),
    (UPLOADER, UPLOADER_ID, "report-uploader", "Uploads nightly reports (has a user-managed key)"),
    (COMPUTE_SA, COMPUTE_SA_ID, None, "Compute Engine default service account"),
]
sa_list = []
for email, unique_id, _, display in sorted(sas):
    sa_list.append({"displayName": display, "email": email, "etag": etag(),
                    "name": f"projects/{PROJECT}/serviceAccounts/{email}", "oauth2ClientId": unique_id,
                    "projectId": PROJECT, "uniqueId": unique_id})
with open(os.path.join(OUT_DIR, f"gcp-{PROJECT}-service-accounts.json"), "w") as f:
    json.dump(sa_list, f, indent=2)
    f.write("\n")


def trust(statements):
    return {"Version": "2012-10-17", "Statement": statements}


def role_entry(account, name, role_id, created, doc, description=None, max_session=3600):
    e = {"Path": "/", "RoleName": name, "RoleId": role_id, "Arn": f"arn:aws:iam::{account}:role/{name}",
         "CreateDate": created, "AssumeRolePolicyDocument": doc}
    if description:
        e["Description"] = description
    e["MaxSessionDuration"] = max_session
    return e


roles_a = [
    role_entry(A, "batch-worker-role", ROLES_A["batch-worker-role"], "2025-08-02T04:51:19+00:00",
               trust([{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]),
               "Instance profile role for the batch workers"),
    role_entry(A, "kawanago-crosscloud-test", ROLES_A["kawanago-crosscloud-test"], "2026-02-27T06:12:40+00:00",
               trust([{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"},
                       "Action": "sts:AssumeRoleWithWebIdentity",
                       "Condition": {"StringEquals": {"accounts.google.com:oaud": "kawanago-crosscloud-test",
                                                      "accounts.google.com:sub": [SA1_ID, SA2_ID]}}}])),
    role_entry(A, "kawanago-crosscloud-test-aws-1", ROLES_A["kawanago-crosscloud-test-aws-1"], "2026-02-27T06:30:02+00:00",
               trust([{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:root"}, "Action": "sts:AssumeRole"}])),
    role_entry(A, "kawanago-crosscloud-test-aws-2", ROLES_A["kawanago-crosscloud-test-aws-2"], "2026-02-27T06:30:47+00:00",
               trust([{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:root"}, "Action": "sts:AssumeRole"}])),
]
roles_b = [
    role_entry(B, "CrossAccountReadOnly", ROLES_B["CrossAccountReadOnly"], "2025-04-01T02:30:55+00:00",
               trust([{"Effect": "Allow", "Principal": {"AWS": [f"arn:aws:iam::{A}:root", f"arn:aws:iam::{C}:root"]},
                       "Action": "sts:AssumeRole", "Condition": {}}]),
               "Read-only access for the identity account (no session-name condition)"),
    role_entry(B, "CrossAccountReadOnlyNamed", ROLES_B["CrossAccountReadOnlyNamed"], "2025-04-01T02:33:10+00:00",
               trust([{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:root"}, "Action": "sts:AssumeRole",
                       "Condition": {"StringLike": {"sts:RoleSessionName": "${aws:username}"}}}]),
               "Read-only access; session name must equal the caller's IAM user name"),
    role_entry(B, "SwitchRole", ROLES_B["SwitchRole"], "2025-04-01T02:20:31+00:00",
               trust([{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:root"}, "Action": "sts:AssumeRole",
                       "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]),
               "Console switch-role target for operators", 43200),
]
for acct, roles in ((A, roles_a), (B, roles_b)):
    with open(os.path.join(OUT_DIR, f"aws-{acct}-iam-list-roles.json"), "w") as f:
        json.dump({"Roles": roles}, f, indent=4)
        f.write("\n")
users_a = [{"Path": "/", "UserName": n, "UserId": USERS[n], "Arn": f"arn:aws:iam::{A}:user/{n}",
            "CreateDate": USER_CREATED[n]} for n in sorted(USERS)]
for u in users_a:
    if u["UserName"] in ("miyamoto", "sato"):
        u["PasswordLastUsed"] = "2026-03-10T01:02:11+00:00" if u["UserName"] == "miyamoto" else "2026-03-10T01:30:02+00:00"
users_b = [{"Path": "/", "UserName": "b-admin", "UserId": B_ADMIN_ID, "Arn": f"arn:aws:iam::{B}:user/b-admin",
            "CreateDate": "2025-03-28T23:59:01+00:00", "PasswordLastUsed": "2026-03-02T08:14:55+00:00"}]
for acct, users in ((A, users_a), (B, users_b)):
    with open(os.path.join(OUT_DIR, f"aws-{acct}-iam-list-users.json"), "w") as f:
        json.dump({"Users": users}, f, indent=4)
        f.write("\n")

# ---------------------------------------------------------------- expectations (hand-written; labels -> ids)
ID = {label: rec["eventID"] for label, rec in AWS}
ID.update({label: e["insertId"] for label, e in GCP})

U = lambda n, acct=A: f"arn:aws:iam::{acct}:user/{n}"
SESS = lambda acct, role, s: f"arn:aws:sts::{acct}:assumed-role/{role}/{s}"
FED1 = federated(SESS(A, "kawanago-crosscloud-test-aws-1", "aws-role1-test"))
FED2 = federated(SESS(A, "kawanago-crosscloud-test-aws-2", "aws-role2-test"))
SW = SESS(B, "SwitchRole", "miyamoto")
CRO = SESS(B, "CrossAccountReadOnly", "unknown-user-name")
WEB1 = SESS(A, "kawanago-crosscloud-test", "gcp-sa1-session")
WEB2 = SESS(A, "kawanago-crosscloud-test", "gcp-sa2-session")
EC2S = SESS(A, "batch-worker-role", INSTANCE_ID)
ROLE_BW = f"arn:aws:iam::{A}:role/batch-worker-role"
T_PAIR = "s2_tanaka_assume_A+s2_tanaka_assume_B"
S_PAIR = "s2_suzuki_assume_A+s2_suzuki_assume_B"

EXPECTED_ROWS = [
    # story 1
    ("aws", "s1_login", U("miyamoto"), U("miyamoto"), "human", "", "story1 ConsoleLogin in account A (MFA)"),
    ("aws", "s1_switch", SW, U("miyamoto"), "human", "s1_switch", "story1 SwitchRole: SwitchFrom names the A-side user (asserted)"),
    ("aws", "s1_listbuckets", SW, U("miyamoto"), "human", "s1_switch", f"story1 console session key {M_KEY} appears in no issuing event; link via session ARN + creationDate {iso(SWITCH_AT)} = SwitchRole time"),
    ("aws", "s1_headbucket", SW, U("miyamoto"), "human", "s1_switch", "story1 seed 000's HeadBucket, ap-northeast-1"),
    ("aws", "s1_getbucketlocation", SW, U("miyamoto"), "human", "s1_switch", "story1"),
    ("aws", "s1_describeinstances", SW, U("miyamoto"), "human", "s1_switch", "story1 ap-northeast-1"),
    # story 2
    ("aws", "s2_tanaka_assume_A", U("tanaka"), U("tanaka"), "human", "", "story2 caller copy (account A); role-owner copy is s2_tanaka_assume_B (same sharedEventID/requestID): one event"),
    ("aws", "s2_tanaka_assume_B", U("tanaka"), U("tanaka"), "human", "", "story2 role-owner copy (account B, userIdentity AWSAccount); same event as s2_tanaka_assume_A"),
    ("aws", "s2_tanaka_listobjects", CRO, U("tanaka"), "human", T_PAIR, f"story2 arbitrary session name; key {T_KEY} = AssumeRole credentials.accessKeyId (exact)"),
    ("aws", "s2_tanaka_getobject1", CRO, U("tanaka"), "human", T_PAIR, "story2"),
    ("aws", "s2_tanaka_describeinstances", CRO, U("tanaka"), "human", T_PAIR, "story2"),
    ("aws", "s2_tanaka_getobject2", CRO, U("tanaka"), "human", T_PAIR, f"story2 inside suzuki's overlapping session window: only the key {T_KEY} tells them apart"),
    ("aws", "s2_suzuki_denied_A", U("suzuki"), U("suzuki"), "human", "", "story2 AccessDenied: trust policy of CrossAccountReadOnlyNamed enforces sts:RoleSessionName; no credentials issued"),
    ("aws", "s2_suzuki_denied_B", U("suzuki"), U("suzuki"), "human", "", "story2 role-owner copy of the denied attempt; same event as s2_suzuki_denied_A"),
    ("aws", "s2_suzuki_assume_A", U("suzuki"), U("suzuki"), "human", "", "story2 same role and SAME session name as tanaka, different key; role-owner copy s2_suzuki_assume_B"),
    ("aws", "s2_suzuki_assume_B", U("suzuki"), U("suzuki"), "human", "", "story2 role-owner copy; same event as s2_suzuki_assume_A"),
    ("aws", "s2_suzuki_describeinstances", CRO, U("suzuki"), "human", S_PAIR, f"story2 key {S_KEY}; session ARN identical to tanaka's"),
    ("aws", "s2_suzuki_stopinstances", CRO, U("suzuki"), "human", S_PAIR, "story2 failure Client.UnauthorizedOperation"),
    ("aws", "s2_suzuki_getobject", CRO, U("suzuki"), "human", S_PAIR, "story2"),
    ("aws", "s2_partner_assume_B", f"arn:aws:iam::{C}:root", f"arn:aws:iam::{C}:root", "account", "", f"only the role owner's copy exists (account {C}'s trail is not in the dataset): origin known to the account only, gap"),
    ("aws", "s2_partner_listobjects", SESS(B, "CrossAccountReadOnly", "partner-audit"), f"arn:aws:iam::{C}:root", "account", "s2_partner_assume_B", f"gap: caller account {C}'s trail missing (AWSAccount principalId {PARTNER_USER_ID})"),
    # story 3
    ("gcp", "g3_alice_generateidtoken", "user:alice@example.com", "user:alice@example.com", "human", "", f"story3 alice mints an ID token for {SA1} (unique id {SA1_ID}), audience kawanago-crosscloud-test"),
    ("aws", "s3_sa1_web_identity", f"accounts.google.com:{SA1_ID}:{SA1_ID}", "user:alice@example.com", "human", "g3_alice_generateidtoken", f"story3 WebIdentityUser sub {SA1_ID} = serviceAccount:{SA1}; token minted 6 s earlier"),
    ("aws", "s3_sa1_getcalleridentity", WEB1, "user:alice@example.com", "human", "g3_alice_generateidtoken,s3_sa1_web_identity", "story3 chain alice -> SA1 -> AWS role session"),
    ("aws", "s3_sa1_listbuckets", WEB1, "user:alice@example.com", "human", "g3_alice_generateidtoken,s3_sa1_web_identity", "story3"),
    ("aws", "s3_sa1_listobjects", WEB1, "user:alice@example.com", "human", "g3_alice_generateidtoken,s3_sa1_web_identity", "story3"),
    ("aws", "s3_sa1_putobject_denied", WEB1, "user:alice@example.com", "human", "g3_alice_generateidtoken,s3_sa1_web_identity", "story3 failure AccessDenied"),
    ("aws", "s3_sa2_web_identity", f"accounts.google.com:{SA2_ID}:{SA2_ID}", f"serviceAccount:{SA2}", "workload", "", "story3 no GenerateIdToken for SA2: the SA (attached to a workload) is the origin; recorded in ap-northeast-1"),
    ("aws", "s3_sa2_getobject", WEB2, f"serviceAccount:{SA2}", "workload", "s3_sa2_web_identity", "story3 SA2 workload"),
    ("aws", "s3_sa2_putobject", WEB2, f"serviceAccount:{SA2}", "workload", "s3_sa2_web_identity", "story3 SA2 workload"),
    # EC2 instance profile
    ("aws", "s4_ec2_instance_assume", "ec2.amazonaws.com", "ec2.amazonaws.com", "service", "", f"AWSService assumes batch-worker-role for instance {INSTANCE_ID} (ap-northeast-1)"),
    ("aws", "n_ec2_describetags", EC2S, ROLE_BW, "workload", "s4_ec2_instance_assume", "instance profile session: origin is the role (workload)"),
    ("aws", "n_ec2_putobject", EC2S, ROLE_BW, "workload", "s4_ec2_instance_assume", "instance profile session"),
    ("aws", "n_ec2_ssm_updateinstanceinformation", EC2S, ROLE_BW, "workload", "s4_ec2_instance_assume", "instance profile session"),
    # story 4
    ("aws", "s4_ci_getcalleridentity", U("ci-deployer"), U("ci-deployer"), "human", "", "ci-deployer long-term key (IAM user used by CI; kind follows the principal type)"),
    ("aws", "s4_role1_assume", U("ci-deployer"), U("ci-deployer"), "human", "", "story4 ci-deployer -> kawanago-crosscloud-test-aws-1 / aws-role1-test (same account)"),
    ("aws", "s4_role2_assume", EC2S, ROLE_BW, "workload", "s4_ec2_instance_assume", "story4 role chaining from the instance session -> kawanago-crosscloud-test-aws-2 / aws-role2-test"),
    ("gcp", "g4_role1_exchangetoken", SESS(A, "kawanago-crosscloud-test-aws-1", "aws-role1-test"), U("ci-deployer"), "human", "s4_role1_assume", "story4 principalSubject = AWS session ARN; one candidate session valid at exchange time (inferred)"),
    ("gcp", "g4_role1_generateaccesstoken", FED1, U("ci-deployer"), "human", "s4_role1_assume,g4_role1_exchangetoken", f"story4 federated principal impersonates {TARGET}"),
    ("gcp", "g4_role1_objects_list", f"serviceAccount:{TARGET}", U("ci-deployer"), "human", "s4_role1_assume,g4_role1_exchangetoken,g4_role1_generateaccesstoken", "story4 serviceAccountDelegationInfo names the aws-role1-test subject"),
    ("gcp", "g4_role1_createtopic", f"serviceAccount:{TARGET}", U("ci-deployer"), "human", "s4_role1_assume,g4_role1_exchangetoken,g4_role1_generateaccesstoken", "story4 activity log"),
    ("gcp", "g4_role2_exchangetoken", SESS(A, "kawanago-crosscloud-test-aws-2", "aws-role2-test"), ROLE_BW, "workload", "s4_ec2_instance_assume,s4_role2_assume", "story4 role 2, origin is the EC2 instance-profile role"),
    ("gcp", "g4_role2_generateaccesstoken", FED2, ROLE_BW, "workload", "s4_ec2_instance_assume,s4_role2_assume,g4_role2_exchangetoken", "story4"),
    ("gcp", "g4_role2_objects_create", f"serviceAccount:{TARGET}", ROLE_BW, "workload", "s4_ec2_instance_assume,s4_role2_assume,g4_role2_exchangetoken,g4_role2_generateaccesstoken", "story4 same SA as role 1, distinct attribution via delegation subject"),
    ("gcp", "g4_role2_createtopic", f"serviceAccount:{TARGET}", ROLE_BW, "workload", "s4_ec2_instance_assume,s4_role2_assume,g4_role2_exchangetoken,g4_role2_generateaccesstoken", "story4"),
    ("gcp", "g4_role2_objects_list", f"serviceAccount:{TARGET}", ROLE_BW, "workload", "s4_ec2_instance_assume,s4_role2_assume,g4_role2_exchangetoken,g4_role2_generateaccesstoken", "story4"),
    # noise
    ("aws", "n_sato_login_failed", U("sato"), U("sato"), "human", "", "failed ConsoleLogin (no arn in userIdentity)"),
    ("aws", "n_sato_login", U("sato"), U("sato"), "human", "", "noise console login"),
    ("aws", "n_sato_createuser", U("sato"), U("sato"), "human", "", "IAM CreateUser: global service, us-east-1 only (seed 002)"),
    ("aws", "n_sato_attachuserpolicy", U("sato"), U("sato"), "human", "", "IAM, us-east-1"),
    ("aws", "n_sato_describeinstances", U("sato"), U("sato"), "human", "", "console session of an IAM user (ASIA key, still the user)"),
    ("aws", "n_sato_describesecuritygroups", U("sato"), U("sato"), "human", "", "noise"),
    ("aws", "n_sato_runinstances_denied", U("sato"), U("sato"), "human", "", "failure: explicit deny in SCP"),
    ("aws", "n_badmin_login", U("b-admin", B), U("b-admin", B), "human", "", "account B's own admin"),
    ("aws", "n_badmin_listroles", U("b-admin", B), U("b-admin", B), "human", "", "IAM read, us-east-1"),
    ("aws", "n_badmin_getrole", U("b-admin", B), U("b-admin", B), "human", "", "IAM read, us-east-1"),
    ("aws", "n_badmin_describevpcs", U("b-admin", B), U("b-admin", B), "human", "", "noise"),
    ("aws", "n_cloudtrail_getbucketacl", "cloudtrail.amazonaws.com", "cloudtrail.amazonaws.com", "service", "", "AWS service acting in its own name: the service is the origin"),
    ("aws", "n_ci_describestacks", U("ci-deployer"), U("ci-deployer"), "human", "", "CI deploy noise"),
    ("aws", "n_ci_updatefunctioncode", U("ci-deployer"), U("ci-deployer"), "human", "", "CI deploy noise"),
    ("gcp", "n_bob_instances_list", "user:bob@example.com", "user:bob@example.com", "human", "", "noise data_access ADMIN_READ"),
    ("gcp", "n_bob_objects_get", "user:bob@example.com", "user:bob@example.com", "human", "", "noise"),
    ("gcp", "n_alice_listserviceaccounts", "user:alice@example.com", "user:alice@example.com", "human", "", "noise"),
    ("gcp", "n_bob_instances_insert", "user:bob@example.com", "user:bob@example.com", "human", "", "noise activity"),
    ("gcp", "n_bob_setiampolicy_denied", "user:bob@example.com", "user:bob@example.com", "human", "", "failure PERMISSION_DENIED"),
    ("gcp", "n_bob_buckets_create", "user:bob@example.com", "user:bob@example.com", "human", "", "noise activity"),
    ("gcp", "n_gce_objects_get1", f"serviceAccount:{COMPUTE_SA}", f"serviceAccount:{COMPUTE_SA}", "workload", "", "Compute Engine default SA acting for its VM"),
    ("gcp", "n_gce_objects_get2", f"serviceAccount:{COMPUTE_SA}", f"serviceAccount:{COMPUTE_SA}", "workload", "", "Compute Engine default SA"),
    ("gcp", "n_gce_objects_create", f"serviceAccount:{COMPUTE_SA}", f"serviceAccount:{COMPUTE_SA}", "workload", "", "Compute Engine default SA"),
    ("gcp", "n_key_objects_create", f"serviceAccount:{UPLOADER}", f"serviceAccount:{UPLOADER}", "unknown", "", f"gap: user-managed key {UPLOADER_KEY} used; who holds it is not in the logs"),
    ("gcp", "n_key_objects_list", f"serviceAccount:{UPLOADER}", f"serviceAccount:{UPLOADER}", "unknown", "", "gap: serviceAccountKeyName, key holder unknown"),
]

labels_in_rows = {r[1] for r in EXPECTED_ROWS}
missing = [l for l, _ in AWS + GCP if l not in labels_in_rows]
assert not missing, f"records without an expectation row: {missing}"


def ids(hops):
    if not hops:
        return ""
    return ",".join("+".join(ID[p] for p in hop.split("+")) for hop in hops.split(","))


with open(os.path.join(HERE, "expected.tsv"), "w") as f:
    f.write("cloud\tevent_id\tactor\torigin_id\torigin_kind\thop_evidence_ids\tnote\n")
    for cloud, label, actor, origin, kind, hops, note in EXPECTED_ROWS:
        f.write("\t".join([cloud, ID[label], actor, origin, kind, ids(hops), f"[{label}] {note}"]) + "\n")

with open(os.environ.get("LABELS_OUT", os.devnull), "w") as f:   # optional label -> id map (scratch)
    for label in sorted(ID):
        f.write(f"{label}\t{ID[label]}\n")
    f.write(f"M_KEY\t{M_KEY}\nT_KEY\t{T_KEY}\nS_KEY\t{S_KEY}\nP_KEY\t{P_KEY}\nR1_KEY\t{R1_KEY}\nR2_KEY\t{R2_KEY}\nE_KEY\t{E_KEY}\n")
print(f"{len(AWS)} CloudTrail records in {len(written_aws)} files; {len(GCP)} audit log entries in {len(gfiles)} files")
