// Asks the Lambda Runtime API for the next invocation once, then exits: the floor for a .NET AOT runtime's init.
using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
using var response = await http.GetAsync($"http://{Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API")}/2018-06-01/runtime/invocation/next");
return (int)response.StatusCode == 200 ? 0 : 1;
